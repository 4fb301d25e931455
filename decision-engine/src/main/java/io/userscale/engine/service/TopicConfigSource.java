package io.userscale.engine.service;

import io.userscale.kafka.serde.ContractSerializer;
import io.userscale.kafka.topic.ChannelSettings;
import io.userscale.kafka.topic.ClientConfigs;
import io.userscale.kafka.topic.Topic;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The engine's Kafka channels: their topics from the catalog, its producers' guarantees and its
 * consumer's group liveness from {@link ClientConfigs} (through {@link ChannelSettings}), as every
 * other userscale client.
 */
public final class TopicConfigSource extends ChannelSettings {

    /**
     * Incremental rebalancing of the metrics consumer: when an instance joins or dies only the
     * partitions that change hands move, so the others keep their targets' state instead of every
     * instance dropping all of its partitions and restoring every target from its history.
     */
    static final Map<String, String> GROUP = Map.of(
            in("metrics-in", "partition.assignment.strategy"),
            "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");

    /** Every property this source sets. */
    private static final Map<String, String> ALL = all();

    /** Each channel's topic property and the topic it reads or writes. */
    static final Map<String, String> TOPICS = ALL.entrySet().stream().filter(e -> e.getKey().endsWith(".topic"))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    public TopicConfigSource() {
        super("userscale topic catalog", ALL);
    }

    private static Map<String, String> all() {
        Map<String, String> all = new HashMap<>();
        all.putAll(incoming("metrics-in", Topic.METRICS));
        all.putAll(GROUP);
        all.putAll(outgoing("decisions-out", Topic.DECISIONS, ContractSerializer.class));
        all.putAll(outgoing("commands-out", Topic.COMMANDS, ContractSerializer.class));
        all.putAll(outgoingBytes("dlq-out", Topic.DLQ));
        return all;
    }
}
