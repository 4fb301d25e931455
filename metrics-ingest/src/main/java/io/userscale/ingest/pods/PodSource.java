package io.userscale.ingest.pods;

import io.userscale.kafka.contract.TargetRef;

/** Where a target's pods are found. */
public interface PodSource extends AutoCloseable {

    /**
     * The target's pods now.
     *
     * @throws Exception when they cannot be found this round (the round publishes nothing for the target)
     */
    PodSet pods(TargetRef target) throws Exception;

    @Override
    default void close() {
    }
}
