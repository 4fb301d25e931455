package io.userscale.ingest.service;

import io.userscale.kafka.serde.ContractSerializer;
import io.userscale.kafka.topic.ChannelSettings;
import io.userscale.kafka.topic.Topic;

/** Ingest's one Kafka channel, {@code metrics-out}: snapshots to the metrics topic, idempotent, acks=all. */
public final class MetricsChannel extends ChannelSettings {

    static final String CHANNEL = "metrics-out";

    public MetricsChannel() {
        super("userscale ingest channel", outgoing(CHANNEL, Topic.METRICS, ContractSerializer.class));
    }
}
