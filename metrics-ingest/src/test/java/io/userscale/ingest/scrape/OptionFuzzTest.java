package io.userscale.ingest.scrape;

import io.userscale.kafka.testing.OptionFuzzer.Subject;
import io.userscale.kafka.testing.OptionFuzzing;
import java.util.stream.Stream;

/** Every option of scrape, fuzzed ({@link OptionFuzzing}). */
class OptionFuzzTest extends OptionFuzzing {

    @Override
    protected Stream<Subject> commands() {
        return Stream.of(
                Subject.of("scrape", ScrapeCli::new, ScrapeCli::validate));
    }
}
