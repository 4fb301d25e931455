package io.userscale.kafka.cli;

import io.userscale.kafka.testing.OptionFuzzer.Subject;
import io.userscale.kafka.testing.OptionFuzzing;
import java.util.stream.Stream;

/** Every option of kafka start and stop and decisions, fuzzed ({@link OptionFuzzing}). */
class OptionFuzzTest extends OptionFuzzing {

    @Override
    protected Stream<Subject> commands() {
        return Stream.of(
                Subject.of("kafka start", KafkaCli.Start::new, KafkaCli.Start::validate),
                Subject.of("kafka stop", KafkaCli.Stop::new, KafkaCli.Stop::validate),
                Subject.of("decisions", DecisionsCli::new, DecisionsCli::validate));
    }
}
