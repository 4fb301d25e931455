package io.userscale.kafka.serde;

import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.contract.ContractRecord;
import io.userscale.kafka.contract.ContractType;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer for any contract record: JSON, validated against the record's schema. Use it
 * as {@code value.serializer=io.userscale.kafka.serde.ContractSerializer}.
 */
public final class ContractSerializer implements Serializer<ContractRecord> {

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public byte[] serialize(String topic, ContractRecord data) {
        if (data == null) {
            return null;
        }
        ContractCodec codec = ContractCodec.of(ContractType.of(data.getClass()));
        try {
            return codec.encode(data);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("refusing to publish to " + topic + ": " + e.getMessage(), e);
        }
    }
}
