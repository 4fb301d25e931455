package io.userscale.kafka.topic;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads a topic back from a point in time, as a restarted service rebuilds what it had: every
 * record from the first one stamped at or after that time to the end the topic had when the read
 * began, of every partition or of the one partition a key lands on. The reader is assigned its
 * partitions; it never joins or commits to a group.
 *
 * <p>One rule for time: the whole read, metadata included, gets one timeout, and a read that
 * does not reach the end within it fails with {@link TimeoutException}. Nobody gets a part of
 * the history and takes it for the whole.
 */
public final class TopicReadBack {

    private final String bootstrapServers;
    private final String groupId;
    private final Duration timeout;
    private final Map<String, Object> clientSettings;
    private volatile KafkaConsumer<byte[], byte[]> reading;

    /**
     * @param groupId        named in the reader's client settings only
     * @param timeout        how long one whole read may take
     * @param clientSettings the deployment's Kafka client settings (security, SASL, TLS)
     */
    public TopicReadBack(String bootstrapServers, String groupId, Duration timeout, Map<String, Object> clientSettings) {
        this.bootstrapServers = bootstrapServers;
        this.groupId = groupId;
        this.timeout = timeout;
        this.clientSettings = Map.copyOf(clientSettings);
    }

    /** Every record of every partition of {@code topic} since {@code since}, partition by partition in offset order. */
    public int read(Topic topic, Instant since, Consumer<ConsumerRecord<byte[], byte[]>> each) throws TimeoutException {
        return read(topic, null, since, each);
    }

    /**
     * The records of the partition {@code key} lands on (by Kafka's default partitioner) since
     * {@code since}, in offset order; records of other keys on that partition are passed too.
     *
     * @return how many records were passed to {@code each}
     * @throws TimeoutException when the read did not reach the end within the timeout
     */
    public int read(Topic topic, byte[] key, Instant since, Consumer<ConsumerRecord<byte[], byte[]>> each)
            throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> config = ClientConfigs.bytesConsumer(bootstrapServers, groupId);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        int passed = 0;
        try (var consumer = new KafkaConsumer<byte[], byte[]>(ClientConfigs.withSettings(config, clientSettings))) {
            reading = consumer;
            String name = topic.topicName();
            int count = consumer.partitionsFor(name, left(deadline, name)).size();
            List<TopicPartition> partitions = key == null
                    ? IntStream.range(0, count).mapToObj(p -> new TopicPartition(name, p)).toList()
                    : List.of(new TopicPartition(name, Utils.toPositive(Utils.murmur2(key)) % count));
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, left(deadline, name));
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(query, left(deadline, name));
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp from = start.get(tp);
                consumer.seek(tp, from == null ? end.get(tp) : from.offset());
            }
            while (!atEnd(consumer, end, deadline, name)) {
                left(deadline, name);
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    each.accept(r);
                    passed++;
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw timedOut(topic.topicName());
        } finally {
            reading = null;
        }
        return passed;
    }

    /** How many partitions {@code topic} has, asked within the timeout. */
    public int partitionCount(Topic topic) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> config = ClientConfigs.bytesConsumer(bootstrapServers, groupId);
        try (var consumer = new KafkaConsumer<byte[], byte[]>(ClientConfigs.withSettings(config, clientSettings))) {
            return consumer.partitionsFor(topic.topicName(), left(deadline, topic.topicName())).size();
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw timedOut(topic.topicName());
        }
    }

    /** Makes a read in progress end at once with a {@code WakeupException}. */
    public void wakeup() {
        KafkaConsumer<byte[], byte[]> current = reading;
        if (current != null) {
            current.wakeup();
        }
    }

    private boolean atEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end, long deadline,
                          String name) throws TimeoutException {
        for (var e : end.entrySet()) {
            if (consumer.position(e.getKey(), left(deadline, name)) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** What is left of the read's time; none left is a timeout. */
    private Duration left(long deadline, String name) throws TimeoutException {
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) {
            throw timedOut(name);
        }
        return Duration.ofNanos(nanos);
    }

    private TimeoutException timedOut(String name) {
        return new TimeoutException("reading " + name + " back took longer than " + timeout);
    }
}
