package io.userscale.engine.service;

import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.TargetRef;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** The decisions already published for a target, read back to resume after a restart. */
public interface DecisionHistory {

    /**
     * This target's decisions with event time at or after {@code since}, oldest first.
     *
     * @throws TimeoutException when they could not all be read in time: a part is never returned as the whole
     */
    List<Decision> since(TargetRef target, Instant since) throws TimeoutException;

    /**
     * Forgets whatever was read of the targets of {@code partitions} of {@code userscale.metrics}:
     * they moved to another instance, and their history must be read afresh should they come back.
     */
    default void forget(java.util.Collection<Integer> partitions) {
    }
}
