package io.userscale.actuator.local;

import io.userscale.kafka.local.ReplicaList;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One running replica: its process, its own management port and whether it last answered ready.
 * Only {@code ready} changes, and only under the backend's lock.
 */
final class LocalReplica {

    final String name;
    final Process process;
    final int managementPort;
    final Instant startedAt;
    final Path log;
    boolean ready;

    LocalReplica(String name, Process process, int managementPort, Instant startedAt, Path log) {
        this.name = name;
        this.process = process;
        this.managementPort = managementPort;
        this.startedAt = startedAt;
        this.log = log;
    }

    /** Its readiness endpoint. */
    String readyUrl() {
        return "http://127.0.0.1:" + managementPort + "/q/health/ready";
    }

    /** Its entry in the replica list. */
    ReplicaList.Replica entry() {
        return new ReplicaList.Replica(name, process.pid(), "http://127.0.0.1:" + managementPort + "/q/metrics", ready,
                startedAt);
    }
}
