package io.userscale.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.userscale.kafka.testing.OptionFuzzer;
import io.userscale.loadgen.LoadgenCommand;
import io.userscale.kafka.testing.OptionFuzzer.Subject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every option of demo, compare, chaos, bench pipeline and loadgen, fuzzed: seeded random command lines (see
 * {@link OptionFuzzer}) are parsed and checked as the command checks them before it runs; each is
 * accepted or refused in one line naming the option, never anything else. {@code -Dfuzz.cases=N}
 * runs more.
 */
class OptionFuzzTest {

    @TempDir
    static Path dir;

    static Stream<Subject> commands() {
        return Stream.of(
                Subject.of("demo", DemoCommand::new, DemoCommand::validate),
                Subject.of("compare", CompareCommand::new, CompareCommand::validate),
                Subject.of("chaos", ChaosCommand::new, ChaosCommand::validate),
                Subject.of("bench pipeline", BenchPipelineCommand::new, BenchPipelineCommand::validate),
                Subject.of("loadgen", LoadgenCommand::new, LoadgenCommand::validate));
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
