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
            e.getCommandLine().getErr().println("userscale " + name + ": " + e.getMessage() + " (try ./userscale " + name

                    + " --help)");
            return 2;
        });
        return cli;
    }

    /** Runs the command line as a program: quiet client logs, its exit status. */
    static void run(CommandLine cli, String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        // a connection the load had open to a replica that stopped is counted in the load's errors; its log line adds nothing
        System.setProperty("org.slf4j.simpleLogger.log.io.vertx.core.net.impl.ConnectionBase", "off");
        System.exit(cli.execute(args));
    }
}
