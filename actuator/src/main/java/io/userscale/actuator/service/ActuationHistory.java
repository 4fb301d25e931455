package io.userscale.actuator.service;

import io.userscale.actuator.core.CommandGate;
import io.userscale.kafka.contract.ActuationResult;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.codec.Decoded;
import io.userscale.kafka.topic.Topic;
import io.userscale.kafka.topic.TopicReadBack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads the results published on {@code userscale.actuations} since a point in time back into a
 * {@link CommandGate}, so that a restarted actuator knows which commands it handled and which was
 * the newest of each target. Every partition is read from the first record stamped at or after that
 * time to its end; unreadable records are skipped.
 */
public final class ActuationHistory {

    private final TopicReadBack reader;
    private final ContractCodec<ActuationResult> codec = ContractCodec.of(ContractType.ACTUATION_RESULT);

    /**
     * @param groupId named in the reader's client settings; the reader is assigned partitions and
     *                never joins or commits to the group
     */
    public ActuationHistory(String bootstrapServers, String groupId, Duration timeout,
                            Map<String, Object> clientSettings) {
        this.reader = new TopicReadBack(bootstrapServers, groupId, timeout, clientSettings);
    }

    /**
     * Feeds every result published since {@code since} to {@code gate}.
     *
     * @return how many results were read
     * @throws TimeoutException when the topic could not be read to its end within the timeout
     */
    public int restore(CommandGate gate, Instant since) throws TimeoutException {
        int[] read = {0};
        reader.read(Topic.ACTUATIONS, since, r -> {
            if (codec.decode(r.value()) instanceof Decoded.Valid<ActuationResult> valid) {
                ActuationResult result = valid.value();
                gate.handled(result.target(), result.commandId(), issuedAt(r.headers()));
                read[0]++;
            }
        });
        return read[0];
    }

    /** Makes a {@link #restore} in progress end at once with a {@code WakeupException}. */
    public void wakeup() {
        reader.wakeup();
    }

    /** The command's issue time from the result's header; {@code null} when absent or unreadable. */
    private static Instant issuedAt(Headers headers) {
        Header h = headers.lastHeader(ResultPublisher.ISSUED_AT);
        if (h == null || h.value() == null) {
            return null;
        }
        try {
            return Instant.parse(new String(h.value(), StandardCharsets.UTF_8));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
