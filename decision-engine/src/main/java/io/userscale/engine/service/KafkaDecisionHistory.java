package io.userscale.engine.service;

import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.codec.Decoded;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.topic.Topic;
import io.userscale.kafka.topic.TopicReadBack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads targets' decisions back from {@code userscale.decisions}. A target's decisions are on the
 * one partition its key lands on; the first target asked for on a partition has that whole
 * partition read, from the first record stamped at or after the requested time (records carry
 * the decision's event time as their timestamp) to its end, and every target's decisions on it
 * kept, so that the targets met next on the partition — after a restart or a rebalance, hundreds
 * of them at once — are restored without another read. A partition's read serves for
 * {@value #FRESH_SECONDS} s, and every read is forgotten at once when partitions move between
 * instances ({@link #forget}); a target is served from it once (its state then lives in the
 * engine; asked again, it is read afresh). Unreadable records are skipped; a read that does not reach the end in time fails (the
 * {@link TopicReadBack} rule).
 */
public final class KafkaDecisionHistory implements DecisionHistory {

    /** How long one read of a partition serves the targets met after it. */
    static final long FRESH_SECONDS = 60;

    private final TopicReadBack reader;
    private final ContractCodec<Decision> codec = ContractCodec.of(ContractType.DECISION);
    private final Map<Integer, PartitionRead> reads = new ConcurrentHashMap<>();
    private volatile int partitions;

    /** One partition's decisions since a time, by target key, as read at {@code readNanos}. */
    private record PartitionRead(Instant since, long readNanos, Map<String, List<Decision>> byKey,
                                 java.util.Set<String> served) {
    }

    public KafkaDecisionHistory(String bootstrapServers, Duration timeout) {
        this(bootstrapServers, timeout, Map.of());
    }

    /** @param clientSettings the deployment's Kafka client settings (security, SASL, TLS) */
    public KafkaDecisionHistory(String bootstrapServers, Duration timeout, Map<String, Object> clientSettings) {
        this.reader = new TopicReadBack(bootstrapServers, "userscale-engine-restore-" + UUID.randomUUID(), timeout,
                clientSettings);
    }

    @Override
    public List<Decision> since(TargetRef target, Instant since) throws TimeoutException {
        byte[] key = target.key().getBytes(StandardCharsets.UTF_8);
        if (partitions == 0) {
            partitions = reader.partitionCount(Topic.DECISIONS);
        }
        int partition = Utils.toPositive(Utils.murmur2(key)) % partitions;
        PartitionRead read = reads.get(partition);
        // a read serves each target once: asked again, the target may have been decided since
        if (read == null || read.since().isAfter(since) || !read.served().add(target.key())
                || System.nanoTime() - read.readNanos() > FRESH_SECONDS * 1_000_000_000L) {
            read = readPartition(key, since);
            read.served().add(target.key());
            reads.put(partition, read);
        }
        List<Decision> mine = read.byKey().getOrDefault(target.key(), List.of());
        List<Decision> found = new ArrayList<>(mine.stream().filter(d -> !d.ts().isBefore(since)).toList());
        found.sort(Comparator.comparing(Decision::ts));
        return found;
    }

    private PartitionRead readPartition(byte[] key, Instant since) throws TimeoutException {
        long at = System.nanoTime();
        Map<String, List<Decision>> byKey = new HashMap<>();
        reader.read(Topic.DECISIONS, key, since, r -> {
            // the seek by time may start early (event times differ between targets): keep what is at
            // or after 'since'
            if (r.key() != null && codec.decode(r.value()) instanceof Decoded.Valid<Decision> valid
                    && !valid.value().ts().isBefore(since)) {
                byKey.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(valid.value());
            }
        });
        return new PartitionRead(since, at, Map.copyOf(byKey), ConcurrentHashMap.newKeySet());
    }

    @Override
    public void forget(java.util.Collection<Integer> partitions) {
        reads.clear(); // rare (a rebalance): every partition is read afresh when next needed
    }
}
