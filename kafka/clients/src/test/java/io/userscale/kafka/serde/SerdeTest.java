package io.userscale.kafka.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.Examples;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The Kafka serializers and deserializers over the contract's codec. */
class SerdeTest {

    static final Instant TS = Instant.parse("2026-11-27T10:15:30.250Z");

    @Test
    void kafkaDeserializerThrowsNamingTheTopicAndProblem() {
        try (var deserializer = new TargetSnapshotDeserializer()) {
            assertThatThrownBy(() -> deserializer.deserialize("userscale.metrics", "nope".getBytes()))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("userscale.metrics")
                    .hasMessageContaining("not valid JSON");
        }
    }

    @Test
    void kafkaSerializerAndDeserializerRoundTrip() {
        try (var serializer = new ContractSerializer(); var deserializer = new DecisionDeserializer()) {
            Decision decision = Examples.decision(TS);
            assertThat(deserializer.deserialize("t", serializer.serialize("t", decision))).isEqualTo(decision);
        }
    }
}
