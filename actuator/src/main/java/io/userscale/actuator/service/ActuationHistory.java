package io.userscale.actuator.service;

import io.userscale.actuator.core.CommandGate;
import io.userscale.kafka.contract.ActuationResult;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.codec.Decoded;
import io.userscale.kafka.topic.ClientConfigs;
import io.userscale.kafka.topic.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads the results published on {@code userscale.actuations} since a point in time back into a
 * {@link CommandGate}, so that a restarted actuator knows which commands it handled and which was
 * the newest of each target. Every partition is read from the first record stamped at or after that
 * time to its end; unreadable records are skipped.
 */
public final class ActuationHistory {

    private final String bootstrapServers;
    private final String groupId;
    private final Duration timeout;
    private final Map<String, Object> clientSettings;
    private final ContractCodec<ActuationResult> codec = ContractCodec.of(ContractType.ACTUATION_RESULT);
    private volatile KafkaConsumer<byte[], byte[]> reading;

    /**
     * @param groupId named in the reader's client settings; the reader is assigned partitions and
     *                never joins or commits to the group
     */
    public ActuationHistory(String bootstrapServers, String groupId, Duration timeout,
                            Map<String, Object> clientSettings) {
        this.bootstrapServers = bootstrapServers;
        this.groupId = groupId;
        this.timeout = timeout;
        this.clientSettings = Map.copyOf(clientSettings);
    }

    /**
     * Feeds every result published since {@code since} to {@code gate}.
     *
     * @return how many results were read
     * @throws TimeoutException when the topic could not be read to its end within the timeout
     */
    public int restore(CommandGate gate, Instant since) throws TimeoutException {
        Map<String, Object> config = ClientConfigs.bytesConsumer(bootstrapServers, groupId);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        long deadline = System.nanoTime() + timeout.toNanos();
        int read = 0;
        try (var consumer = new KafkaConsumer<byte[], byte[]>(ClientConfigs.withSettings(config, clientSettings))) {
            reading = consumer;
            String topic = Topic.ACTUATIONS.topicName();
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(query, timeout);
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp from = start.get(tp);
                consumer.seek(tp, from == null ? end.get(tp) : from.offset());
            }
            while (!atEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("reading " + topic + " back took longer than " + timeout);
                }
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (codec.decode(r.value()) instanceof Decoded.Valid<ActuationResult> valid) {
                        ActuationResult result = valid.value();
                        gate.handled(result.target(), result.commandId(), issuedAt(r.headers()));
                        read++;
                    }
                }
            }
        } finally {
            reading = null;
        }
        return read;
    }

    /** Makes a {@link #restore} in progress end at once with a {@code WakeupException}. */
    public void wakeup() {
        KafkaConsumer<byte[], byte[]> current = reading;
        if (current != null) {
            current.wakeup();
        }
    }

    private boolean atEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (consumer.position(e.getKey(), timeout) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The command's issue time from the result's header; {@code null} when absent or unreadable. */
    private static Instant issuedAt(Headers headers) {
        Header h = headers.lastHeader(ResultPublisher.ISSUED_AT);
        if (h == null || h.value() == null) {
            return null;
        }
        try {
            return Instant.parse(new String(h.value(), StandardCharsets.UTF_8));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
