package io.userscale.actuator.backend;

import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.contract.TargetRef;
import java.util.Optional;

/**
 * Where replica counts are read and set. Called from one thread at a time; a backend that keeps
 * processes or connections releases them on {@link #close()}.
 */
public interface ScaleBackend extends AutoCloseable {

    /** The backend's name as results carry it: {@code kubernetes}, {@code local} or {@code dry-run}. */
    String name();

    /** Whether this backend only reports, touching nothing. */
    default boolean dryRun() {
        return false;
    }

    /**
     * The replica count {@code target} is set to now (its desired count, not how many are ready).
     *
     * @throws Exception naming the target when it cannot be read or does not exist
     */
    int replicas(TargetRef target) throws Exception;

    /**
     * Sets the command's target to {@code command.replicas()}; returns once the change is accepted,
     * as Kubernetes does, not once the new replicas are ready.
     *
     * @param from the count read just before
     * @return a problem that did not stop the change (e.g. a bookkeeping annotation not written)
     * @throws Exception when the count was not changed
     */
    Optional<String> scale(ScaleCommand command, int from) throws Exception;

    @Override
    default void close() {
    }
}
