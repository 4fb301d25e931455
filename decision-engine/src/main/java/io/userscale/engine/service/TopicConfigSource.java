package io.userscale.engine.service;

import io.userscale.kafka.topic.ClientConfigs;
import io.userscale.kafka.topic.Topic;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The engine's Kafka channels get their topic names from the catalog ({@link Topic}) and its
 * consumer's group liveness from {@link ClientConfigs}, as every other userscale client, so each
 * is written once. Its ordinal is below {@code application.properties} (250) and the
 * environment, so a deployment can still point a channel elsewhere.
 */
public final class TopicConfigSource implements ConfigSource {

    /** Each channel's topic property and the topic it reads or writes. */
    static final Map<String, String> TOPICS = Map.of(
            "mp.messaging.incoming.metrics-in.topic", Topic.METRICS.topicName(),
            "mp.messaging.outgoing.decisions-out.topic", Topic.DECISIONS.topicName(),
            "mp.messaging.outgoing.commands-out.topic", Topic.COMMANDS.topicName(),
            "mp.messaging.outgoing.dlq-out.topic", Topic.DLQ.topicName());

    /**
     * The metrics consumer's session timeout and heartbeat, as {@link ClientConfigs#consumer} sets
     * them, and incremental rebalancing: when an instance joins or dies only the partitions that
     * change hands move, so the others keep their targets' state instead of every instance
     * dropping all of its partitions and restoring every target from its history.
     */
    static final Map<String, String> GROUP = Map.of(
            "mp.messaging.incoming.metrics-in.session.timeout.ms", Integer.toString(ClientConfigs.SESSION_TIMEOUT_MS),
            "mp.messaging.incoming.metrics-in.heartbeat.interval.ms",
            Integer.toString(ClientConfigs.HEARTBEAT_INTERVAL_MS),
            "mp.messaging.incoming.metrics-in.partition.assignment.strategy",
            "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");

    private static final Map<String, String> ALL;

    static {
        Map<String, String> all = new HashMap<>(TOPICS);
        all.putAll(GROUP);
        ALL = Map.copyOf(all);
    }

    @Override
    public Set<String> getPropertyNames() {
        return ALL.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return ALL.get(propertyName);
    }

    @Override
    public String getName() {
        return "userscale topic catalog";
    }

    @Override
    public int getOrdinal() {
        return 200;
    }
}
