package io.userscale.actuator.service;

import io.userscale.kafka.contract.ActuationResult;
import io.userscale.kafka.contract.ContractRecord;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.serde.ContractSerializer;
import io.userscale.kafka.topic.ClientConfigs;
import io.userscale.kafka.topic.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Publishes results on {@code userscale.actuations}: keyed by target, stamped with the result's
 * time, with the command's issue time in header {@value #ISSUED_AT} (a restarted actuator learns
 * from it which command of a target was the newest handled). Idempotent producer, {@code acks=all};
 * {@link #publish} returns once the broker has the record.
 */
public final class ResultPublisher implements AutoCloseable {

    /** Header: the command's {@code issuedAt}, ISO-8601. */
    public static final String ISSUED_AT = "userscale.command.issued-at";

    private final Producer<String, ContractRecord> producer;
    private final Duration timeout;

    public ResultPublisher(String bootstrapServers, Duration timeout, Map<String, Object> clientSettings) {
        this.producer = new KafkaProducer<>(ClientConfigs.withSettings(
                ClientConfigs.producer(bootstrapServers, ContractSerializer.class), clientSettings));
        this.timeout = timeout;
    }

    /** Publishes {@code result}, the outcome of {@code command}, and waits for the acknowledgement. */
    public void publish(ScaleCommand command, ActuationResult result)
            throws InterruptedException, ExecutionException, TimeoutException {
        var headers = new RecordHeaders();
        headers.add(ISSUED_AT, command.issuedAt().toString().getBytes(StandardCharsets.UTF_8));
        var record = new ProducerRecord<String, ContractRecord>(Topic.ACTUATIONS.topicName(), null,
                result.ts().toEpochMilli(), result.key(), result, headers);
        producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        producer.close(timeout);
    }
}
