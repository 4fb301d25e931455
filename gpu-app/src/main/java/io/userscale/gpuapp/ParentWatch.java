package io.userscale.gpuapp;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Ties a replica to the process that started it: with {@code userscale.parent-pid} set (the local
 * cluster sets it), the replica shuts down gracefully as soon as that process is gone, even when
 * it was killed without a chance to stop its children. No orphan replicas survive the local cluster.
 */
@ApplicationScoped
public class ParentWatch {

    private static final Logger LOG = Logger.getLogger(ParentWatch.class);

    @ConfigProperty(name = "userscale.parent-pid")
    Optional<Long> parentPid;

    void onStart(@Observes StartupEvent e) {
        if (parentPid.isEmpty()) {
            return;
        }
        long pid = parentPid.get();
        Optional<ProcessHandle> owner = ProcessHandle.of(pid);
        if (owner.isEmpty() || !owner.get().isAlive()) {
            LOG.warnf("owner process %d is already gone; shutting down", pid);
            Quarkus.asyncExit(143);
            return;
        }
        Thread.ofPlatform().daemon().name("parent-watch").start(() -> {
            try {
                while (owner.get().isAlive()) {
                    Thread.sleep(500);
                }
            } catch (InterruptedException ie) {
                return;
            }
            LOG.infof("owner process %d is gone; shutting down", pid);
            Quarkus.asyncExit(143);
        });
    }
}
