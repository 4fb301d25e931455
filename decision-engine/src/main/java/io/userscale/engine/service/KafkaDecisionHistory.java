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
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * Reads a target's decisions back from {@code userscale.decisions}: the one partition its key
 * lands on, from the first record stamped at or after the requested time (records carry the
 * decision's event time as their timestamp) to the end, keeping this target's decisions at or
 * after that time. Unreadable records are skipped; a read that does not reach the end in time
 * fails (the {@link TopicReadBack} rule).
 */
public final class KafkaDecisionHistory implements DecisionHistory {

    private final TopicReadBack reader;
    private final ContractCodec<Decision> codec = ContractCodec.of(ContractType.DECISION);

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
        List<Decision> found = new ArrayList<>();
        reader.read(Topic.DECISIONS, key, since, r -> {
            // other targets share the partition with other event times, so the seek by time
            // may start early: keep only this target's decisions at or after 'since'
            if (Arrays.equals(r.key(), key) && codec.decode(r.value()) instanceof Decoded.Valid<Decision> valid
                    && !valid.value().ts().isBefore(since)) {
                found.add(valid.value());
            }
        });
        found.sort(Comparator.comparing(Decision::ts));
        return found;
    }
}
