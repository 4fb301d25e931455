package io.userscale.actuator.service;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.userscale.kafka.contract.ActuationResult;
import io.userscale.kafka.contract.ContractRecord;
import io.userscale.kafka.contract.ScaleCommand;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes results on channel {@code actuations-out} ({@code userscale.actuations}): keyed by
 * target, stamped with the result's time, with the command's issue time in header
 * {@value #ISSUED_AT} (a restarted actuator learns from it which command of a target was the newest
 * handled). Idempotent producer, {@code acks=all} ({@link ActuatorChannels}); the {@link Uni} of
 * {@link #publish} completes once the broker has the record.
 */
@ApplicationScoped
public class ResultPublisher {

    /** Header: the command's {@code issuedAt}, ISO-8601. */
    public static final String ISSUED_AT = "userscale.command.issued-at";

    @Inject
    @Channel(ActuatorChannels.ACTUATIONS_OUT)
    MutinyEmitter<ContractRecord> results;

    /** Publishes {@code result}, the outcome of {@code command}; one attempt, acknowledged by the broker. */
    public Uni<Void> publish(ScaleCommand command, ActuationResult result) {
        var headers = new RecordHeaders();
        headers.add(ISSUED_AT, command.issuedAt().toString().getBytes(StandardCharsets.UTF_8));
        var metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(result.key())
                .withTimestamp(result.ts()).withHeaders(headers).build();
        return results.sendMessage(Message.<ContractRecord>of(result).addMetadata(metadata));
    }
}
