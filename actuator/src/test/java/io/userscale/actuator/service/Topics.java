package io.userscale.actuator.service;

import io.userscale.kafka.contract.ActuationResult;
import io.userscale.kafka.contract.ContractRecord;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.codec.Decoded;
import io.userscale.kafka.testing.TestKafka;
import io.userscale.kafka.topic.ClientConfigs;
import io.userscale.kafka.topic.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writing commands to, and reading results and dead letters from, the test broker. */
public final class Topics {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final Duration QUIET = Duration.ofSeconds(2);

    private Topics() {
    }

    /** Sends raw values keyed {@code key} to {@code userscale.commands}; returns their offsets. */
    public static List<Long> send(String key, List<byte[]> values) throws Exception {
        List<Long> offsets = new ArrayList<>();
        try (var producer = new KafkaProducer<byte[], byte[]>(ClientConfigs.bytesProducer(TestKafka.bootstrapServers()))) {
            for (byte[] value : values) {
                offsets.add(producer.send(new ProducerRecord<>(Topic.COMMANDS.topicName(),
                        key.getBytes(StandardCharsets.UTF_8), value)).get(30, TimeUnit.SECONDS).offset());
            }
        }
        return offsets;
    }

    /** A command's bytes as the decision-engine writes them. */
    public static byte[] encode(ScaleCommand command) {
        return ContractCodec.of(ContractType.SCALE_COMMAND).encode(command);
    }

    /**
     * The results keyed {@code key}, read until {@code done} holds (or the wait is over), and then a
     * little longer, so that results that should not exist have time to show up.
     */
    public static List<ConsumerRecord<byte[], ActuationResult>> results(String key,
                                                                         Predicate<List<ActuationResult>> done) {
        return read(Topic.ACTUATIONS, key, ContractType.ACTUATION_RESULT, done);
    }

    /** The first dead letter keyed {@code key}. */
    public static ConsumerRecord<byte[], byte[]> deadLetter(String key) {
        try (var consumer = new KafkaConsumer<byte[], byte[]>(
                ClientConfigs.bytesConsumer(TestKafka.bootstrapServers(), "it-dlq-" + UUID.randomUUID()))) {
            consumer.subscribe(List.of(Topic.DLQ.topicName()));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no dead letter keyed " + key);
    }

    private static <T extends ContractRecord> List<ConsumerRecord<byte[], T>> read(
            Topic topic, String key, ContractType<T> type, Predicate<List<T>> done) {
        var codec = ContractCodec.of(type);
        List<ConsumerRecord<byte[], T>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(
                ClientConfigs.bytesConsumer(TestKafka.bootstrapServers(), "it-" + UUID.randomUUID()))) {
            consumer.subscribe(List.of(topic.topicName()));
            long deadline = System.nanoTime() + WAIT.toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        if (!(codec.decode(r.value()) instanceof Decoded.Valid<T> valid)) {
                            throw new AssertionError("invalid record on " + topic.topicName() + ": "
                                    + new String(r.value(), StandardCharsets.UTF_8));
                        }
                        found.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(),
                                r.timestampType(), r.serializedKeySize(), r.serializedValueSize(), r.key(),
                                valid.value(), r.headers(), r.leaderEpoch()));
                    }
                }
                if (quietUntil == Long.MAX_VALUE && done.test(found.stream().map(ConsumerRecord::value).toList())) {
                    quietUntil = System.nanoTime() + QUIET.toNanos();
                }
            }
        }
        return found;
    }
}
