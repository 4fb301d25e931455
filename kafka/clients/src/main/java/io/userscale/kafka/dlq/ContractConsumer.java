package io.userscale.kafka.dlq;

import io.userscale.kafka.contract.ContractRecord;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.codec.Decoded;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;

/**
 * Reads one contract topic as raw bytes, decodes each record, hands valid ones to a handler and
 * sends invalid ones to the dead-letter topic, then commits. A bad record never stops the
 * stream, and is never lost: its offset is committed only after its dead letter is acknowledged.
 *
 * @param <T> the record type
 */
public final class ContractConsumer<T extends ContractRecord> {

    /** What to do with each valid record. */
    @FunctionalInterface
    public interface Handler<T> {
        void accept(ConsumerRecord<byte[], byte[]> source, T value) throws Exception;
    }

    /** Counts of one poll. */
    public record Batch(int valid, int deadLettered) {
        public int total() {
            return valid + deadLettered;
        }
    }

    private static final Duration DLQ_ACK_TIMEOUT = Duration.ofSeconds(30);

    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> deadLetterProducer;
    private final ContractCodec<T> codec;
    private final String name;
    private final Clock clock;

    /**
     * @param consumer           a byte-array consumer already subscribed or assigned, auto-commit off
     * @param deadLetterProducer a byte-array producer for the dead-letter topic
     * @param type               the record type expected on the topic
     * @param name               who is consuming (the group id), written into dead letters
     */
    public ContractConsumer(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> deadLetterProducer,
                            ContractType<T> type, String name, Clock clock) {
        this.consumer = consumer;
        this.deadLetterProducer = deadLetterProducer;
        this.codec = ContractCodec.of(type);
        this.name = name;
        this.clock = clock;
    }

    /**
     * Polls once, handles or dead-letters every record received, and commits.
     *
     * @throws Exception whatever the handler throws; nothing of that batch is committed then
     */
    public Batch pollOnce(Duration timeout, Handler<T> handler) throws Exception {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
        int valid = 0;
        int dead = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            switch (codec.decode(record.value())) {
                case Decoded.Valid<T> ok -> {
                    handler.accept(record, ok.value());
                    valid++;
                }
                case Decoded.Invalid<T> bad -> {
                    deadLetter(record, bad.error());
                    dead++;
                }
            }
        }
        if (!records.isEmpty()) {
            consumer.commitSync();
        }
        return new Batch(valid, dead);
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> record, String error)
            throws InterruptedException, ExecutionException, TimeoutException {
        deadLetterProducer.send(DeadLetters.letter(record, error, name, clock.instant()))
                .get(DLQ_ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
