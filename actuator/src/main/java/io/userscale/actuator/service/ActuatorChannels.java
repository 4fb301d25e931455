package io.userscale.actuator.service;

import io.userscale.kafka.serde.ContractSerializer;
import io.userscale.kafka.topic.ChannelSettings;
import io.userscale.kafka.topic.ClientConfigs;
import io.userscale.kafka.topic.Topic;
import java.util.HashMap;
import java.util.Map;

/**
 * The actuator's Kafka channels: their topics from the catalog, the producers' guarantees and the
 * consumers' group liveness from {@link ClientConfigs}, as every other userscale client. The
 * channels' group ids (from {@code userscale.actuator.group-id}) and whether {@code decisions-in}
 * runs (with {@code userscale.actuator.scaling-policies.enabled}) are in
 * {@code application.properties}, which can name other properties.
 */
public final class ActuatorChannels extends ChannelSettings {

    /** {@code userscale.commands}: one command at a time, its offset committed once its result is on the broker. */
    static final String COMMANDS_IN = "commands-in";
    /** {@code userscale.actuations}: one result per command handled. */
    static final String ACTUATIONS_OUT = "actuations-out";
    /** {@code userscale.dlq}: the records of {@code userscale.commands} that are not commands. */
    static final String DLQ_OUT = "dlq-out";
    /** {@code userscale.decisions}, for the ScalingPolicy status: read from its end, auto-committed. */
    static final String DECISIONS_IN = "decisions-in";

    /**
     * Records a poll may fetch at most: a command may take a while (Kubernetes retries), and
     * records fetched wait in the channel until they are handled.
     */
    static final int MAX_POLL_RECORDS = 50;

    public ActuatorChannels() {
        super("userscale actuator channels", all());
    }

    private static Map<String, String> all() {
        Map<String, String> all = new HashMap<>();
        all.putAll(incoming(COMMANDS_IN, Topic.COMMANDS));
        all.put(in(COMMANDS_IN, "enable.auto.commit"), "false");
        all.put(in(COMMANDS_IN, "auto.offset.reset"), "earliest");
        all.put(in(COMMANDS_IN, "commit-strategy"), "throttled");
        all.put(in(COMMANDS_IN, "max.poll.records"), Integer.toString(MAX_POLL_RECORDS));
        all.putAll(outgoing(ACTUATIONS_OUT, Topic.ACTUATIONS, ContractSerializer.class));
        all.putAll(outgoingBytes(DLQ_OUT, Topic.DLQ));
        all.putAll(incoming(DECISIONS_IN, Topic.DECISIONS));
        all.put(in(DECISIONS_IN, "enable.auto.commit"), "true");
        all.put(in(DECISIONS_IN, "auto.offset.reset"), "latest");
        return all;
    }
}
