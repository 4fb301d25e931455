package io.userscale.kafka.topic;

import io.userscale.kafka.contract.ContractType;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The catalog of userscale's topics: names, partitions and configuration live here and nowhere
 * else. Every topic is keyed by target ({@code namespace/name}), so one target's records stay in
 * order on one partition.
 */
public enum Topic {

    /** {@code TargetSnapshot}s from metrics-ingest; recorded streams are replayed from here. */
    METRICS("userscale.metrics", ContractType.TARGET_SNAPSHOT, 6, Duration.ofDays(7)),
    /** Every {@code Decision} of the decision-engine: the audit log. */
    DECISIONS("userscale.decisions", ContractType.DECISION, 6, Duration.ofDays(30)),
    /** {@code ScaleCommand}s, only when a decision changes the replica count. */
    COMMANDS("userscale.commands", ContractType.SCALE_COMMAND, 6, Duration.ofDays(7)),
    /** {@code ActuationResult}s of the actuator. */
    ACTUATIONS("userscale.actuations", ContractType.ACTUATION_RESULT, 6, Duration.ofDays(30)),
    /** Records that could not be parsed or validated, with headers saying where from and why. */
    DLQ("userscale.dlq", null, 1, Duration.ofDays(30));

    private final String topicName;
    private final ContractType<?> type;
    private final int partitions;
    private final Duration retention;

    Topic(String topicName, ContractType<?> type, int partitions, Duration retention) {
        this.topicName = topicName;
        this.type = type;
        this.partitions = partitions;
        this.retention = retention;
    }

    /** The Kafka topic name. */
    public String topicName() {
        return topicName;
    }

    /** The record type carried, empty for the dead-letter topic, which carries whatever failed. */
    public Optional<ContractType<?>> recordType() {
        return Optional.ofNullable(type);
    }

    public int partitions() {
        return partitions;
    }

    public Duration retention() {
        return retention;
    }

    /** Topic-level configuration, as Kafka names it. */
    public Map<String, String> configs() {
        return Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()),
                TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");
    }

    /** The creation request, at the given replication factor. */
    public NewTopic newTopic(short replicationFactor) {
        return new NewTopic(topicName, partitions, replicationFactor).configs(configs());
    }

    /** The topic that carries a record type. */
    public static Topic carrying(ContractType<?> type) {
        for (Topic t : values()) {
            if (t.type == type) {
                return t;
            }
        }
        throw new IllegalArgumentException("no topic carries " + type.schemaId());
    }

    /** The topic of a name, if it is one of the catalog. */
    public static Optional<Topic> byName(String name) {
        for (Topic t : values()) {
            if (t.topicName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
