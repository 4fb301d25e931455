package io.userscale.kafka.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.userscale.kafka.contract.ContractType;

/**
 * Whatever bytes arrive on a topic, every decoder answers with a record or an error that says why:
 * never an exception, never a blank error. Run as a test it replays the inputs under
 * src/test/resources (the seeds and whatever fuzzing found); {@code JAZZER_FUZZ=1} fuzzes it,
 * coverage-guided, for {@code maxDuration}.
 */
class DecodeFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyBytesDecodeToARecordOrANamedError(byte[] bytes) {
        for (ContractType<?> type : ContractType.all()) {
            Decoded<?> decoded = ContractCodec.of(type).decode(bytes);
            assertThat(decoded).isNotNull();
            if (decoded instanceof Decoded.Invalid<?> invalid) {
                assertThat(invalid.error()).as(type.toString()).isNotBlank();
            }
        }
    }
}
