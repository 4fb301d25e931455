package io.userscale.actuator.service;

import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.codec.Decoded;
import io.userscale.kafka.topic.ClientConfigs;
import io.userscale.kafka.topic.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Follows {@code userscale.decisions} from its end and hands each decision to a listener, for the
 * ScalingPolicy status. It only reads: offsets are committed automatically, and a record that is
 * not a decision is skipped with a warning (it stays on the topic, and the engine that wrote it
 * dead-letters nothing it publishes).
 */
final class DecisionFeed implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DecisionFeed.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    DecisionFeed(Map<String, Object> clientSettings, String bootstrapServers, String groupId,
                 Consumer<Decision> listener) {
        Map<String, Object> c = ClientConfigs.bytesConsumer(bootstrapServers, groupId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumer = new KafkaConsumer<>(ClientConfigs.withSettings(c, clientSettings));
        var codec = ContractCodec.of(ContractType.DECISION);
        thread = Thread.ofPlatform().daemon().name("userscale-actuator-decisions").start(() -> {
            try {
                consumer.subscribe(List.of(Topic.DECISIONS.topicName()));
                while (running) {
                    for (var record : consumer.poll(Duration.ofMillis(500))) {
                        switch (codec.decode(record.value())) {
                            case Decoded.Valid<Decision> v -> listener.accept(v.value());
                            case Decoded.Invalid<Decision> bad -> LOG.warnf("skipping %s-%d@%d for the status: %s",
                                    record.topic(), record.partition(), record.offset(), bad.error());
                        }
                    }
                }
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                LOG.errorf(e, "the ScalingPolicy status no longer follows %s", Topic.DECISIONS.topicName());
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        });
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
