package io.userscale.kafka.serde;

import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.ActuationResult;

/** Kafka deserializer of {@link ActuationResult}, validating against its schema. */
public final class ActuationResultDeserializer extends ContractDeserializer<ActuationResult> {

    public ActuationResultDeserializer() {
        super(ContractType.ACTUATION_RESULT);
    }
}
