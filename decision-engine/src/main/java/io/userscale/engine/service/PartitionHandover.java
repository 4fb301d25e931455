package io.userscale.engine.service;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Engine instances share {@code userscale.metrics}' partitions in one consumer group; when the
 * group moves partitions (an instance joins, leaves or dies), this instance forgets the targets
 * of those it gives up or loses, so that each target's state lives in one instance only and a
 * target that comes back is rebuilt from its published decisions.
 */
@ApplicationScoped
@Identifier(PartitionHandover.NAME)
public class PartitionHandover implements KafkaConsumerRebalanceListener {

    static final String NAME = "userscale-partition-handover";
    private static final Logger LOG = Logger.getLogger(PartitionHandover.class);

    @Inject
    DecisionPipeline pipeline;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        LOG.infof("deciding the targets of partitions %s", numbers(partitions));
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        handOver(partitions, "given up");
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        handOver(partitions, "lost");
    }

    private void handOver(Collection<TopicPartition> partitions, String how) {
        if (partitions.isEmpty()) {
            return;
        }
        if (!pipeline.drain()) {
            LOG.warnf("partitions %s %s while decisions were still being published", numbers(partitions), how);
        }
        int n = pipeline.core().forgetPartitions(numbers(partitions));
        LOG.infof("partitions %s %s: forgot %d target(s)", numbers(partitions), how, n);
    }

    private static List<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).sorted().toList();
    }
}
