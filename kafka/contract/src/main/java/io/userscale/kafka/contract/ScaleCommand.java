package io.userscale.kafka.contract;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * An instruction to set a target's replica count, published on {@code userscale.commands} only
 * when a decision changes it.
 *
 * @param commandId        deterministic from the decision ({@link ContractIds#commandId})
 * @param decisionId       the decision that issued it
 * @param target           the workload to scale
 * @param replicas         the replica count to set
 * @param previousReplicas the count the decision saw
 * @param issuedAt         when it was issued (the decision's event time)
 * @param expiresAt        after this it must not be applied
 * @param dryRun           report only, touch nothing
 */
@JsonPropertyOrder({"schema", "commandId", "decisionId", "target", "replicas", "previousReplicas", "issuedAt",
        "expiresAt", "dryRun"})
public record ScaleCommand(String commandId, String decisionId, TargetRef target, int replicas, int previousReplicas,
                           Instant issuedAt, Instant expiresAt, boolean dryRun) implements ContractRecord {

    public static final String SCHEMA = "userscale.scale-command/v1";

    @Override
    public String schema() {
        return SCHEMA;
    }
}
