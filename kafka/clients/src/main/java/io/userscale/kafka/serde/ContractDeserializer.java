package io.userscale.kafka.serde;

import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.codec.Decoded;
import io.userscale.kafka.contract.ContractRecord;
import io.userscale.kafka.contract.ContractType;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer of one record type, validating against its schema; bytes that are not a
 * valid record raise a {@link SerializationException} whose message says why, which Quarkus
 * messaging's dead-letter failure strategy forwards. Plain consumers that must never stop should
 * read bytes and use {@link io.userscale.kafka.dlq.ContractConsumer} instead.
 *
 * @param <T> the record type
 */
public abstract class ContractDeserializer<T extends ContractRecord> implements Deserializer<T> {

    private final ContractCodec<T> codec;

    protected ContractDeserializer(ContractType<T> type) {
        this.codec = ContractCodec.of(type);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        return switch (codec.decode(data)) {
            case Decoded.Valid<T> valid -> valid.value();
            case Decoded.Invalid<T> invalid -> throw new SerializationException(
                    "bad record on " + topic + ": " + invalid.error());
        };
    }
}
