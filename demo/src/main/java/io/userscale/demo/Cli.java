package io.userscale.demo;

import picocli.CommandLine;

/** The one error style of this module's commands: {@code userscale NAME: message}, exit 1 or (usage) 2. */
final class Cli {

    private Cli() {
    }

    static CommandLine of(Object command, String name) {
        CommandLine cli = new CommandLine(command);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("userscale " + name + ": " + e.getMessage());
            return 1;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("userscale " + name + ": " + e.getMessage());
            e.getCommandLine().getErr().println("Try: ./userscale " + name + " --help");
            return 2;
        });
        return cli;
    }

    /** Runs the command line as a program: quiet client logs, its exit status. */
    static void run(CommandLine cli, String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        System.exit(cli.execute(args));
    }
}
