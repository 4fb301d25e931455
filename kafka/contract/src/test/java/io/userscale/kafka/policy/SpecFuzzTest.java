package io.userscale.kafka.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Whatever a ScalingPolicy's spec holds — any JSON the API server would pass on, nested, of the
 * wrong types, huge or tiny numbers, unicode — the check answers valid, or invalid naming a field
 * under {@code spec} and saying what is wrong: never an exception. A valid spec's parameters are
 * finite numbers. Replays the seeds (and findings) under src/test/resources; {@code JAZZER_FUZZ=1}
 * fuzzes it.
 */
class SpecFuzzTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest(maxDuration = "60s")
    void anySpecIsValidOrNamesItsField(byte[] bytes) {
        Object spec;
        try {
            spec = JSON.readValue(bytes, Object.class);
        } catch (java.io.IOException notJson) {
            return; // the API server accepts JSON only
        }
        ScalingPolicySpec.Parsed parsed = ScalingPolicySpec.parse("ns", spec);
        assertThat(parsed).isNotNull();
        switch (parsed) {
            case ScalingPolicySpec.Parsed.Invalid invalid -> {
                assertThat(invalid.field()).startsWith("spec");
                String last = invalid.field().substring(invalid.field().lastIndexOf('.') + 1);
                assertThat(invalid.message()).startsWith("spec").contains(last);
            }
            case ScalingPolicySpec.Parsed.Valid valid -> valid.spec().parameters().values()
                    .forEach(v -> assertThat(Double.parseDouble(v)).isFinite());
        }
    }
}
