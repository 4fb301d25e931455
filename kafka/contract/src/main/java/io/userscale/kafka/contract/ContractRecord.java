package io.userscale.kafka.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A record of the event contract: it names its schema and the target it is about, which is also
 * its Kafka key, so all records of one target stay in order on one partition.
 */
public sealed interface ContractRecord permits TargetSnapshot, Decision, ScaleCommand, ActuationResult {

    /** The schema id written into every record, {@code userscale.<kind>/v1}. */
    @JsonProperty("schema")
    String schema();

    /** The workload this record is about. */
    TargetRef target();

    /** The Kafka record key: {@code namespace/name}. */
    @JsonIgnore
    default String key() {
        return target().key();
    }
}
