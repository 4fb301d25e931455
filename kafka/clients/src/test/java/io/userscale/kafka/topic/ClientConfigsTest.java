package io.userscale.kafka.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class ClientConfigsTest {

    static final Map<String, String> CONFIG = Map.of(
            "kafka.bootstrap.servers", "broker:9093",
            "kafka.security.protocol", "SASL_SSL",
            "kafka.sasl.mechanism", "SCRAM-SHA-512",
            "kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
            "kafka.ssl.truststore.location", "/etc/kafka/truststore.p12",
            "kafka.acks", "1",
            "kafka.enable.auto.commit", "true",
            "kafka.linger.ms", "",
            "userscale.ingest.interval", "5s");

    static Map<String, Object> settings() {
        return ClientConfigs.settingsFrom(name -> Optional.ofNullable(CONFIG.get(name)));
    }

    @Test
    void readsEveryKafkaClientSettingUnderItsPrefix() {
        assertThat(settings()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
                .containsKey("sasl.jaas.config")
                .doesNotContainKey("linger.ms") // blank: not set
                .doesNotContainKey("interval");
    }

    @Test
    void producersAndConsumersGetTheConnectionSettingsButKeepTheirGuarantees() {
        var producer = ClientConfigs.withSettings(ClientConfigs.bytesProducer("127.0.0.1:9092"), settings());
        assertThat(producer).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("acks", "all") // ours, not the deployment's
                .containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .doesNotContainKey("enable.auto.commit") // a consumer's setting
                .containsEntry("key.serializer", ByteArraySerializer.class);
        var consumer = ClientConfigs.withSettings(ClientConfigs.bytesConsumer("127.0.0.1:9092", "g"), settings());
        assertThat(consumer).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("enable.auto.commit", false)
                .doesNotContainKey("acks");
    }
}
