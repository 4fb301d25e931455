package io.userscale.kafka.contract;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Deterministic record ids. The same decision computed twice (live, after a restart, or in a
 * replay) gets the same id, and so does the command it issues, which is what lets the actuator
 * apply each command at most once under at-least-once delivery.
 */
public final class ContractIds {

    private ContractIds() {
    }

    /** A name-based UUID of target, event time and policy. */
    public static String decisionId(TargetRef target, Instant ts, Decision.PolicyRef policy) {
        return nameUuid("decision|" + target.key() + "|" + ts + "|" + policy.name() + "@" + policy.version());
    }

    /** A name-based UUID of the decision that issues the command. */
    public static String commandId(String decisionId) {
        return nameUuid("command|" + decisionId);
    }

    private static String nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
