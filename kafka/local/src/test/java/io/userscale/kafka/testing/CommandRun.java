package io.userscale.kafka.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One run of a command line in this process, as a user would see it: its exit status and what it
 * printed on standard output and standard error.
 *
 * @param exit the exit status
 * @param out  what it printed on standard output
 * @param err  what it printed on standard error
 */
public record CommandRun(int exit, String out, String err) {

    /** Runs {@code cli} with {@code args}, capturing both streams. */
    public static CommandRun of(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CommandRun(exit, out.toString(), err.toString());
    }
}
