package io.userscale.engine.service;

import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.codec.Decoded;
import io.userscale.kafka.topic.ClientConfigs;
import io.userscale.kafka.topic.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads a target's decisions back from {@code userscale.decisions}: the one partition its key
 * lands on, from the first record stamped at or after the requested time (records carry the
 * decision's event time as their timestamp) to the end, keeping this target's decisions at or
 * after that time. Unreadable records are skipped.
 */
public final class KafkaDecisionHistory implements DecisionHistory {

    private final String bootstrapServers;
    private final Duration timeout;
    private final Map<String, Object> clientSettings;
    private final ContractCodec<Decision> codec = ContractCodec.of(ContractType.DECISION);

    public KafkaDecisionHistory(String bootstrapServers, Duration timeout) {
        this(bootstrapServers, timeout, Map.of());
    }

    /** @param clientSettings the deployment's Kafka client settings (security, SASL, TLS) */
    public KafkaDecisionHistory(String bootstrapServers, Duration timeout, Map<String, Object> clientSettings) {
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
        this.clientSettings = Map.copyOf(clientSettings);
    }

    @Override
    public List<Decision> since(TargetRef target, Instant since) {
        Map<String, Object> config = ClientConfigs.bytesConsumer(bootstrapServers, "userscale-engine-restore-" + UUID.randomUUID());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        List<Decision> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(ClientConfigs.withSettings(config, clientSettings))) {
            String topic = Topic.DECISIONS.topicName();
            int partitions = consumer.partitionsFor(topic, timeout).size();
            byte[] key = target.key().getBytes(StandardCharsets.UTF_8);
            TopicPartition tp = new TopicPartition(topic, Utils.toPositive(Utils.murmur2(key)) % partitions);
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
            var start = consumer.offsetsForTimes(Map.of(tp, since.toEpochMilli()), timeout).get(tp);
            if (start == null) {
                return List.of();
            }
            consumer.seek(tp, start.offset());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (consumer.position(tp, timeout) < end && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    // other targets share the partition with other event times, so the seek by time
                    // may start early: keep only this target's decisions at or after 'since'
                    if (r.key() != null && java.util.Arrays.equals(r.key(), key)
                            && codec.decode(r.value()) instanceof Decoded.Valid<Decision> valid
                            && !valid.value().ts().isBefore(since)) {
                        found.add(valid.value());
                    }
                }
            }
        }
        found.sort(Comparator.comparing(Decision::ts));
        return found;
    }
}
