package io.userscale.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command refuses bad options the same way, as a user running {@code ./userscale} sees it:
 * exit 2 and one line on stderr, {@code userscale COMMAND: what is wrong (try ./userscale COMMAND
 * --help)}, naming the option and never a stack trace, an exception's class or the shell's
 * internals. Each case is refused before anything starts (no broker, no replica, no load).
 */
class CommandErrorsIT {

    @TempDir
    static Path home;

    /** The command as the hint names it, and its arguments, the first of them bad. */
    record Case(String command, String expected, String... args) {
        @Override
        public String toString() {
            return String.join(" ", args);
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("simulate", "--peak-pods", "simulate", "--trace", "t.csv", "--peak-pods", "abc"),
                new Case("simulate", "--no-such-option", "simulate", "--trace", "t.csv", "--no-such-option"),
                new Case("simulate", "--trace", "simulate", "--trace", "/dev/null"),
                new Case("simulate", "--slo-ms", "simulate", "--trace", "t.csv", "--slo-ms", "20"),
                new Case("demo", "--bootstrap", "demo", "--bootstrap", "broker-without-port"),
                new Case("record", "--timeout", "record", "--output", "r.jsonl", "--timeout", "0"),
                new Case("evaluate", "--threads", "evaluate", "--traces", "t.csv", "--threads", "abc"),
                new Case("synth", "--seeds", "synth", "--out", "d", "--seeds", "x"),
                new Case("record", "--from", "record", "--output", "r.jsonl", "--from", "yesterday"),
                new Case("replay", "--speed", "replay", "--input", "r.jsonl", "--speed", "fast"),
                new Case("bench", "nosuch", "bench", "nosuch"),
                new Case("bench", "--bogus", "bench", "engine", "--bogus"),
                new Case("bench matmul", "--size", "bench", "matmul", "--size", "-1"),
                new Case("bench loadgen", "--duration", "bench", "loadgen", "--duration", "1.5"),
                new Case("bench pipeline", "--engines", "bench", "pipeline", "--engines", "9"),
                new Case("loadgen", "--concurrency", "loadgen", "--concurrency", "abc"),
                new Case("loadgen", "--rate", "loadgen", "--rate", "-3"),
                new Case("scrape", "--bogus", "scrape", "--bogus"),
                new Case("decisions", "--bogus", "decisions", "--bogus"),
                new Case("demo", "--duration", "demo", "--duration", "abc"),
                new Case("compare", "--duration", "compare", "--duration", "-5"),
                new Case("chaos", "nope", "chaos", "--faults", "nope"),
                new Case("kafka start", "--port", "kafka", "start", "--port", "ninety"),
                new Case("kafka", "launch", "kafka", "launch"),
                new Case("app", "--port", "app", "--port", "abc"),
                new Case("app", "--port", "app", "--port"));
    }

    /** Every command and sub-command a user can ask for help on. */
    static Stream<String> commands() {
        return Stream.of("simulate", "evaluate", "synth", "record", "replay", "bench", "bench engine", "bench matmul",
                "bench loadgen", "bench startup", "bench pipeline", "loadgen", "scrape", "decisions", "demo", "compare",
                "chaos", "kafka", "kafka start", "app", "test");
    }

    /**
     * {@code --help} of every command prints its usage on stdout and exits 0, with nothing on
     * stderr: no warning from the option parser (a description with a bare {@code %} is one), no
     * start of the thing the command runs.
     */
    @ParameterizedTest(name = "{0} --help")
    @MethodSource("commands")
    void helpIsItsUsageAndNothingElse(String command) throws Exception {
        var args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--help");
        Run run = launch(args);
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).as("stderr").isEmpty();
        assertThat(run.out()).contains("userscale " + command.split(" ")[0]).doesNotContain("picocli WARN");
    }

    record Run(int status, String out, String err) {
    }

    private static Run launch(List<String> args) throws Exception {
        Path root = Path.of(System.getProperty("userscale.root", ".."));
        var command = new ArrayList<>(List.of("bash", root.resolve("userscale").toString()));
        command.addAll(args);
        var builder = new ProcessBuilder(command).directory(home.toFile());
        builder.environment().put("USERSCALE_HOME", home.toString());
        builder.environment().put("USERSCALE_NO_BUILD", "1"); // the reactor has built every module before this one
        Process p = builder.start();
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), err);
    }

    private static final Pattern INTERNALS = Pattern.compile(
            "Exception|\\bat [a-z]+\\.|line \\d+:|\\.java:\\d+|Usage:|command not found|unbound variable");

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedInOneLineNamingTheProblem(Case c) throws Exception {
        Run run = launch(List.of(c.args()));
        String err = run.err();
        String line = err.strip();
        assertThat(run.status()).as(err).isEqualTo(2);
        assertThat(line).as("one line").doesNotContain("\n")
                .startsWith("userscale " + c.command() + ": ")
                .endsWith("(try ./userscale " + c.command() + " --help)")
                .contains(c.expected());
        assertThat(INTERNALS.matcher(line).find()).as("no internals in: %s", line).isFalse();
        assertThat(run.out()).as("nothing on stdout").isEmpty();
    }
}
