package io.userscale.kafka.serde;

import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.ScaleCommand;

/** Kafka deserializer of {@link ScaleCommand}, validating against its schema. */
public final class ScaleCommandDeserializer extends ContractDeserializer<ScaleCommand> {

    public ScaleCommandDeserializer() {
        super(ContractType.SCALE_COMMAND);
    }
}
