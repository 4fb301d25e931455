package io.userscale.kafka.dlq;

import io.userscale.kafka.topic.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The dead-letter envelope: the failed record's key and value, byte for byte, its original
 * headers, and these headers added.
 */
public final class DeadLetters {

    /** Topic the record was read from. */
    public static final String SOURCE_TOPIC = "userscale.dlq.source.topic";
    /** Partition the record was read from. */
    public static final String SOURCE_PARTITION = "userscale.dlq.source.partition";
    /** Offset of the record in that partition. */
    public static final String SOURCE_OFFSET = "userscale.dlq.source.offset";
    /** Why the record was rejected, in words. */
    public static final String ERROR = "userscale.dlq.error";
    /** Who rejected it (the consumer group). */
    public static final String REJECTED_BY = "userscale.dlq.rejected.by";
    /** When it was rejected, ISO-8601 UTC. */
    public static final String REJECTED_AT = "userscale.dlq.rejected.at";

    /** Errors longer than this are cut, so one huge message cannot make the letter unsendable. */
    static final int MAX_ERROR_CHARS = 4000;

    private DeadLetters() {
    }

    /** Builds the dead letter of a rejected record. */
    public static ProducerRecord<byte[], byte[]> letter(ConsumerRecord<byte[], byte[]> rejected, String error,
                                                        String rejectedBy, Instant at) {
        Headers headers = new RecordHeaders();
        for (Header h : rejected.headers()) {
            headers.add(h);
        }
        String reason = error == null || error.isBlank() ? "unknown error" : error;
        if (reason.length() > MAX_ERROR_CHARS) {
            reason = reason.substring(0, MAX_ERROR_CHARS) + "…";
        }
        headers.add(SOURCE_TOPIC, utf8(rejected.topic()));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(rejected.partition())));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(rejected.offset())));
        headers.add(ERROR, utf8(reason));
        headers.add(REJECTED_BY, utf8(rejectedBy));
        headers.add(REJECTED_AT, utf8(at.toString()));
        return new ProducerRecord<>(Topic.DLQ.topicName(), null, rejected.key(), rejected.value(), headers);
    }

    /** The value of a header of a dead letter as text, if present (the last one wins). */
    public static Optional<String> header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? Optional.empty()
                : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
