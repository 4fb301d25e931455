package io.userscale.kafka.contract;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The contract is Jackson and the schema validator only: no Kafka client reaches its class path,
 * so the policy core, which depends on it alone, cannot reach Kafka either.
 */
class NoKafkaTest {

    @Test
    void noKafkaClientIsOnTheContractsClassPath() {
        ClassLoader loader = NoKafkaTest.class.getClassLoader();
        assertThatThrownBy(() -> Class.forName("org.apache.kafka.common.serialization.Serializer", false, loader))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("org.apache.kafka.clients.consumer.KafkaConsumer", false, loader))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
