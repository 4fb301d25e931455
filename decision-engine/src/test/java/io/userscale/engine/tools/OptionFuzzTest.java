package io.userscale.engine.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.userscale.kafka.testing.OptionFuzzer;
import io.userscale.kafka.testing.OptionFuzzer.Subject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every option of the engine's commands, fuzzed: seeded random command lines (see
 * {@link OptionFuzzer}) are parsed and checked as the command checks them before it runs; each is
 * accepted or refused in one line naming the option, never anything else. {@code -Dfuzz.cases=N}
 * runs more.
 */
class OptionFuzzTest {

    @TempDir
    static Path dir;

    static Stream<Subject> commands() {
        return Stream.of(
                Subject.of("simulate", SimulateCommand::new, SimulateCommand::validate),
                Subject.of("evaluate", EvaluateCommand::new, EvaluateCommand::validate),
                Subject.of("synth", SynthCommand::new, SynthCommand::validate),
                Subject.of("record", RecordCommand::new, RecordCommand::validate),
                Subject.of("replay", ReplayCommand::new, ReplayCommand::validate),
                Subject.of("bench", BenchCommand::new, BenchCommand::validate));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void everyCommandLineIsAcceptedOrRefusedByName(Subject command) throws IOException {
        OptionFuzzer.Report report = new OptionFuzzer(dir).fuzz(command, OptionFuzzer.cases());
        System.out.println("[fuzz] " + report);
        assertThat(report.findings()).as(report.toString()).isEmpty();
        assertThat(report.refused()).as("the generator reaches the command's own checks").isPositive();
        assertThat(report.accepted()).as("and gets past them").isPositive();
    }
}
