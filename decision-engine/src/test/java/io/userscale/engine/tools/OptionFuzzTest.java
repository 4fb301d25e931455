package io.userscale.engine.tools;

import io.userscale.kafka.testing.OptionFuzzer.Subject;
import io.userscale.kafka.testing.OptionFuzzing;
import java.util.stream.Stream;

/** Every option of the engine's commands, fuzzed ({@link OptionFuzzing}). */
class OptionFuzzTest extends OptionFuzzing {

    @Override
    protected Stream<Subject> commands() {
        return Stream.of(
                Subject.of("simulate", SimulateCommand::new, SimulateCommand::validate),
                Subject.of("evaluate", EvaluateCommand::new, EvaluateCommand::validate),
                Subject.of("synth", SynthCommand::new, SynthCommand::validate),
                Subject.of("record", RecordCommand::new, RecordCommand::validate),
                Subject.of("replay", ReplayCommand::new, ReplayCommand::validate),
                Subject.of("bench", BenchCommand::new, BenchCommand::validate));
    }
}
