package io.userscale.kafka.testing;

import io.userscale.kafka.testing.OptionFuzzer.Subject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A module's commands, their options fuzzed (see {@link OptionFuzzer}): seeded random command
 * lines are parsed and checked as each command checks them before it runs, and every one must be
 * accepted or refused in one line naming the option. A module's test names its commands;
 * {@code -Dfuzz.cases=N} runs more than the default 1,500 per command.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OptionFuzzing {

    @TempDir
    protected Path dir;

    /** The commands to fuzz. */
    protected abstract Stream<Subject> commands();

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    public void everyCommandLineIsAcceptedOrRefusedByName(Subject command) throws IOException {
        OptionFuzzer.Report report = new OptionFuzzer(dir).fuzz(command, OptionFuzzer.cases());
        System.out.println("[fuzz] " + report);
        if (!report.findings().isEmpty()) {
            throw new AssertionError(report.toString());
        }
        if (report.refused() == 0 || report.accepted() == 0) {
            throw new AssertionError("the generator must reach the command's checks and get past them: " + report);
        }
    }
}
