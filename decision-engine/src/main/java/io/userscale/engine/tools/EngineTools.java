package io.userscale.engine.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code userscale simulate} and the engine's other offline tools. */
@Command(name = "userscale", mixinStandardHelpOptions = true, version = "userscale 0.1", usageHelpWidth = 100,
        subcommands = {SimulateCommand.class, EvaluateCommand.class, SynthCommand.class, BenchCommand.class, RecordCommand.class,
                ReplayCommand.class})
public final class EngineTools implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new EngineTools());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("userscale " + cmd.getCommandName() + ": " + e.getMessage());
            return 1;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("userscale " + cmd.getCommandName() + ": " + e.getMessage() + " (try ./userscale " + cmd.getCommandName()

                    + " --help)");
            return 2;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
