package io.userscale.actuator.service;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.codec.Decoded;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.dlq.DeadLetters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Channel {@code commands-in} ({@code userscale.commands}): each record, one after another in
 * partition order, is decoded; a command goes to the {@link CommandStream}, a record that is not a
 * command to {@code dlq-out} ({@code userscale.dlq}, the record's bytes with headers naming where
 * from and why). The record is acknowledged, and its offset committed, only once its result or its
 * dead letter is on the broker; until the stream stops, neither is given up on.
 */
@ApplicationScoped
public class CommandChannel {

    private static final Logger LOG = Logger.getLogger(CommandChannel.class);

    @Inject
    ActuatorService service;

    @Inject
    ActuatorConfig config;

    @Inject
    @Channel(ActuatorChannels.DLQ_OUT)
    MutinyEmitter<byte[]> deadLetters;

    private final ContractCodec<ScaleCommand> codec = ContractCodec.of(ContractType.SCALE_COMMAND);

    @Incoming(ActuatorChannels.COMMANDS_IN)
    @Blocking // ordered: one record at a time, in partition order (a target's commands are handled in order)
    public CompletionStage<Void> onCommand(KafkaRecord<String, byte[]> record) throws InterruptedException {
        CommandStream stream = service.stream();
        boolean done = switch (codec.decode(record.getPayload())) {
            case Decoded.Valid<ScaleCommand> valid -> stream.handle(valid.value());
            case Decoded.Invalid<ScaleCommand> bad -> deadLetter(stream, record, bad.error());
        };
        if (done) {
            return record.ack();
        }
        // stopping: not acknowledged, so not committed; the next start reads it again
        return new CompletableFuture<>();
    }

    private boolean deadLetter(CommandStream stream, KafkaRecord<String, byte[]> record, String error)
            throws InterruptedException {
        long offset = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L);
        LOG.warnf("dead-lettering %s-%d@%d: %s", record.getTopic(), record.getPartition(), offset, error);
        var raw = new ConsumerRecord<>(record.getTopic(), record.getPartition(), offset,
                record.getKey() == null ? null : record.getKey().getBytes(StandardCharsets.UTF_8), record.getPayload());
        record.getHeaders().forEach(h -> raw.headers().add(h));
        var letter = DeadLetters.letter(raw, error, config.groupId(), Clock.systemUTC().instant());
        var metadata = OutgoingKafkaRecordMetadata.<byte[]>builder().withKey(letter.key())
                .withHeaders(letter.headers()).build();
        return stream.retry("dead-lettering " + record.getTopic() + "-" + record.getPartition() + "@" + offset,
                () -> deadLetters.sendMessage(Message.of(letter.value()).addMetadata(metadata)));
    }
}
