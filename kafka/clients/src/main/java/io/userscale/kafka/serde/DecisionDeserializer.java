package io.userscale.kafka.serde;

import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.Decision;

/** Kafka deserializer of {@link Decision}, validating against its schema. */
public final class DecisionDeserializer extends ContractDeserializer<Decision> {

    public DecisionDeserializer() {
        super(ContractType.DECISION);
    }
}
