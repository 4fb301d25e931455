package io.userscale.demo;

import io.userscale.kafka.testing.OptionFuzzer.Subject;
import io.userscale.kafka.testing.OptionFuzzing;
import io.userscale.loadgen.LoadgenCommand;
import java.util.stream.Stream;

/** Every option of demo, compare, chaos, bench pipeline and loadgen, fuzzed ({@link OptionFuzzing}). */
class OptionFuzzTest extends OptionFuzzing {

    @Override
    protected Stream<Subject> commands() {
        return Stream.of(
                Subject.of("demo", DemoCommand::new, DemoCommand::validate),
                Subject.of("compare", CompareCommand::new, CompareCommand::validate),
                Subject.of("chaos", ChaosCommand::new, ChaosCommand::validate),
                Subject.of("bench pipeline", BenchPipelineCommand::new, BenchPipelineCommand::validate),
                Subject.of("loadgen", LoadgenCommand::new, LoadgenCommand::validate));
    }
}
