package io.userscale.kafka.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userscale.kafka.contract.ContractRecord;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.Examples;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.contract.TargetSnapshot;
import io.userscale.kafka.serde.ActuationResultDeserializer;
import io.userscale.kafka.codec.ContractJson;
import io.userscale.kafka.codec.ContractSchemas;
import io.userscale.kafka.serde.ContractSerializer;
import io.userscale.kafka.serde.DecisionDeserializer;
import io.userscale.kafka.serde.ScaleCommandDeserializer;
import io.userscale.kafka.serde.TargetSnapshotDeserializer;
import io.userscale.kafka.testing.TestKafka;
import io.userscale.kafka.topic.ClientConfigs;
import io.userscale.kafka.topic.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/** The contract against a real broker: typed round trips, schema validity, dead letters. */
class ContractTopicsIT {

    static final Instant TS = Instant.parse("2026-11-27T10:15:30.250Z");

    @Test
    void recordsOfAllFourTypesGoThroughARealBrokerKeyedAndComeBackEqual() throws Exception {
        String bootstrap = TestKafka.bootstrapServers();
        TargetRef target = TargetRef.deployment("roundtrip-" + UUID.randomUUID(), "gpu-app");
        List<ContractRecord> sent = Examples.all(target, TS);
        try (var producer = new KafkaProducer<String, ContractRecord>(
                ClientConfigs.producer(bootstrap, ContractSerializer.class))) {
            for (ContractRecord r : sent) {
                Topic topic = Topic.carrying(ContractType.of(r.getClass()));
                producer.send(new ProducerRecord<>(topic.topicName(), r.key(), r)).get(30, TimeUnit.SECONDS);
            }
        }

        assertThat(readBack(bootstrap, Topic.METRICS, sent.get(0).key(), new TargetSnapshotDeserializer()))
                .isEqualTo(sent.get(0));
        assertThat(readBack(bootstrap, Topic.DECISIONS, sent.get(1).key(), new DecisionDeserializer()))
                .isEqualTo(sent.get(1));
        assertThat(readBack(bootstrap, Topic.COMMANDS, sent.get(2).key(), new ScaleCommandDeserializer()))
                .isEqualTo(sent.get(2));
        assertThat(readBack(bootstrap, Topic.ACTUATIONS, sent.get(3).key(), new ActuationResultDeserializer()))
                .isEqualTo(sent.get(3));

        // and what is on the wire is valid against the shipped schemas, read as plain JSON
        for (ContractRecord r : sent) {
            Topic topic = Topic.carrying(ContractType.of(r.getClass()));
            byte[] raw = readBack(bootstrap, topic, r.key(), (t, data) -> data);
            var json = ContractJson.mapper().readTree(raw);
            assertThat(ContractSchemas.validate(topic.recordType().orElseThrow(), json)).as(topic.topicName()).isEmpty();
        }
    }

    @Test
    void aMalformedRecordLandsOnTheDeadLetterTopicAndTheConsumerGoesOn() throws Exception {
        String bootstrap = TestKafka.bootstrapServers();
        TargetRef target = TargetRef.deployment("dlq-" + UUID.randomUUID(), "gpu-app");
        String key = target.key();
        ObjectNode badSchema = ContractJson.mapper().valueToTree(Examples.snapshot(target, TS));
        badSchema.put("intervalMs", "five seconds");
        List<byte[]> values = List.of(
                ContractJson.mapper().writeValueAsBytes(Examples.snapshot(target, TS)),
                "{\"schema\": \"userscale.target-snapshot/v1\", oops".getBytes(StandardCharsets.UTF_8),
                badSchema.toString().getBytes(StandardCharsets.UTF_8),
                ContractJson.mapper().writeValueAsBytes(Examples.snapshot(target, TS.plusSeconds(5))));
        List<Long> offsets = new ArrayList<>();
        int partition = -1;
        try (var producer = new KafkaProducer<byte[], byte[]>(ClientConfigs.bytesProducer(bootstrap))) {
            for (byte[] v : values) {
                var meta = producer.send(new ProducerRecord<>(Topic.METRICS.topicName(),
                        key.getBytes(StandardCharsets.UTF_8), v)).get(30, TimeUnit.SECONDS);
                offsets.add(meta.offset());
                partition = meta.partition();
            }
        }

        String group = "dlq-test-" + UUID.randomUUID();
        List<TargetSnapshot> handled = new ArrayList<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(ClientConfigs.bytesConsumer(bootstrap, group));
             var dlqProducer = new KafkaProducer<byte[], byte[]>(ClientConfigs.bytesProducer(bootstrap))) {
            TopicPartition tp = new TopicPartition(Topic.METRICS.topicName(), partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offsets.get(0));
            var reader = new ContractConsumer<>(consumer, dlqProducer, ContractType.TARGET_SNAPSHOT, group,
                    Clock.systemUTC());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (handled.size() < 2 && System.nanoTime() < deadline) {
                reader.pollOnce(Duration.ofMillis(200), (source, snapshot) -> {
                    if (snapshot.target().equals(target)) {
                        handled.add(snapshot);
                    }
                });
            }
            assertThat(consumer.committed(java.util.Set.of(tp)).get(tp).offset())
                    .as("committed past every record, bad ones included").isGreaterThan(offsets.get(3));
        }
        assertThat(handled).extracting(TargetSnapshot::ts).containsExactly(TS, TS.plusSeconds(5));

        List<ConsumerRecord<byte[], byte[]>> letters = deadLettersFor(bootstrap, key, 2);
        assertThat(letters).hasSize(2);
        var notJson = letters.get(0);
        assertThat(new String(notJson.value(), StandardCharsets.UTF_8)).isEqualTo(new String(values.get(1),
                StandardCharsets.UTF_8));
        assertThat(DeadLetters.header(notJson.headers(), DeadLetters.SOURCE_TOPIC)).contains("userscale.metrics");
        assertThat(DeadLetters.header(notJson.headers(), DeadLetters.SOURCE_PARTITION)).contains(Integer.toString(partition));
        assertThat(DeadLetters.header(notJson.headers(), DeadLetters.SOURCE_OFFSET)).contains(offsets.get(1).toString());
        assertThat(DeadLetters.header(notJson.headers(), DeadLetters.ERROR).orElseThrow()).startsWith("not valid JSON");
        assertThat(DeadLetters.header(notJson.headers(), DeadLetters.REJECTED_BY)).contains(group);

        var invalid = letters.get(1);
        assertThat(DeadLetters.header(invalid.headers(), DeadLetters.SOURCE_OFFSET)).contains(offsets.get(2).toString());
        assertThat(DeadLetters.header(invalid.headers(), DeadLetters.ERROR).orElseThrow())
                .contains("userscale.target-snapshot/v1").contains("intervalMs");
    }

    private static <T> T readBack(String bootstrap, Topic topic, String key, Deserializer<T> deserializer) {
        var config = ClientConfigs.consumer(bootstrap, "readback-" + UUID.randomUUID(), Object.class);
        config.remove(org.apache.kafka.clients.consumer.ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        try (var consumer = new KafkaConsumer<>(config, new org.apache.kafka.common.serialization.StringDeserializer(),
                deserializer)) {
            consumer.subscribe(List.of(topic.topicName()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        return r.value();
                    }
                }
            }
        }
        throw new AssertionError("no record keyed " + key + " on " + topic.topicName());
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLettersFor(String bootstrap, String key, int expected) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(
                ClientConfigs.bytesConsumer(bootstrap, "dlq-reader-" + UUID.randomUUID()))) {
            consumer.subscribe(List.of(Topic.DLQ.topicName()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }
}
