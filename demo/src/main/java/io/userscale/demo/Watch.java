package io.userscale.demo;

import io.userscale.kafka.contract.ActuationResult;
import io.userscale.kafka.contract.ContractRecord;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.contract.TargetSnapshot;
import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.codec.Decoded;
import io.userscale.kafka.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads what the pipeline publishes during the demo — snapshots, decisions, commands and
 * actuation results for one target — from the moment it starts, on its own thread, as any
 * consumer of the topics would.
 */
final class Watch implements AutoCloseable {

    /** A record and when the broker stamped it (the producer's send time). */
    record Seen<T>(long timestampMs, T value) {
    }

    private final String targetKey;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;
    private final List<Seen<TargetSnapshot>> snapshots = new ArrayList<>();
    private final List<Seen<Decision>> decisions = new ArrayList<>();
    private final List<Seen<ScaleCommand>> commands = new ArrayList<>();
    private final List<Seen<ActuationResult>> actuations = new ArrayList<>();
    private final Map<String, ContractCodec<? extends ContractRecord>> codecs = Map.of(
            Topic.METRICS.topicName(), ContractCodec.of(ContractType.TARGET_SNAPSHOT),
            Topic.DECISIONS.topicName(), ContractCodec.of(ContractType.DECISION),
            Topic.COMMANDS.topicName(), ContractCodec.of(ContractType.SCALE_COMMAND),
            Topic.ACTUATIONS.topicName(), ContractCodec.of(ContractType.ACTUATION_RESULT));

    /** Starts reading from the topics' current ends. */
    Watch(String bootstrap, String targetKey) {
        this.targetKey = targetKey;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : codecs.keySet()) {
            consumer.partitionsFor(topic, Duration.ofSeconds(15))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the starting offsets now, before anything is published
        thread = Thread.ofPlatform().daemon().name("demo-watch").start(this::run);
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() == null || !targetKey.equals(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8))) {
                        continue;
                    }
                    if (codecs.get(r.topic()).decode(r.value()) instanceof Decoded.Valid<?> ok) {
                        add(r.timestamp(), ok.value());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private synchronized void add(long ts, Object value) {
        switch (value) {
            case TargetSnapshot s -> snapshots.add(new Seen<>(ts, s));
            case Decision d -> decisions.add(new Seen<>(ts, d));
            case ScaleCommand c -> commands.add(new Seen<>(ts, c));
            case ActuationResult a -> actuations.add(new Seen<>(ts, a));
            default -> {
            }
        }
    }

    synchronized List<Seen<TargetSnapshot>> snapshots() {
        return List.copyOf(snapshots);
    }

    synchronized List<Seen<Decision>> decisions() {
        return List.copyOf(decisions);
    }

    synchronized List<Seen<ScaleCommand>> commands() {
        return List.copyOf(commands);
    }

    synchronized List<Seen<ActuationResult>> actuations() {
        return List.copyOf(actuations);
    }

    synchronized TargetSnapshot lastSnapshot() {
        return snapshots.isEmpty() ? null : snapshots.getLast().value();
    }

    synchronized Decision lastDecision() {
        return decisions.isEmpty() ? null : decisions.getLast().value();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
