package io.userscale.kafka.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.userscale.kafka.serde.ContractSerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class ChannelSettingsTest {

    @Test
    void anOutgoingChannelHasTheCatalogsTopicAndTheProducersGuarantees() {
        var m = ChannelSettings.outgoing("out", Topic.METRICS, ContractSerializer.class);
        String p = "mp.messaging.outgoing.out.";
        assertThat(m).containsEntry(p + "topic", Topic.METRICS.topicName())
                .containsEntry(p + "connector", "smallrye-kafka")
                .containsEntry(p + "acks", "all")
                .containsEntry(p + "enable.idempotence", "true")
                .containsEntry(p + "key.serializer", StringSerializer.class.getName())
                .containsEntry(p + "value.serializer", ContractSerializer.class.getName())
                .doesNotContainKey(p + "bootstrap.servers"); // the broker is the deployment's: kafka.*
        assertThat(m).allSatisfy((k, v) -> assertThat(k).startsWith(p));
    }

    @Test
    void aBytesChannelSerialisesKeysAndValuesAsBytes() {
        var m = ChannelSettings.outgoingBytes("dlq", Topic.DLQ);
        assertThat(m).containsEntry("mp.messaging.outgoing.dlq.key.serializer", ByteArraySerializer.class.getName())
                .containsEntry("mp.messaging.outgoing.dlq.value.serializer", ByteArraySerializer.class.getName())
                .containsEntry("mp.messaging.outgoing.dlq.topic", Topic.DLQ.topicName());
    }

    @Test
    void anIncomingChannelReadsRawValuesWithTheGroupLivenessOfEveryConsumer() {
        var m = ChannelSettings.incoming("in", Topic.COMMANDS);
        String p = "mp.messaging.incoming.in.";
        assertThat(m).containsEntry(p + "topic", Topic.COMMANDS.topicName())
                .containsEntry(p + "connector", "smallrye-kafka")
                .containsEntry(p + "value.deserializer", ByteArrayDeserializer.class.getName())
                .containsEntry(p + "session.timeout.ms", Integer.toString(ClientConfigs.SESSION_TIMEOUT_MS))
                .containsEntry(p + "heartbeat.interval.ms", Integer.toString(ClientConfigs.HEARTBEAT_INTERVAL_MS))
                .doesNotContainKey(p + "group.id"); // each channel's own
    }
}
