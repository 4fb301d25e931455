package io.userscale.kafka.serde;

import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.TargetSnapshot;

/** Kafka deserializer of {@link TargetSnapshot}, validating against its schema. */
public final class TargetSnapshotDeserializer extends ContractDeserializer<TargetSnapshot> {

    public TargetSnapshotDeserializer() {
        super(ContractType.TARGET_SNAPSHOT);
    }
}
