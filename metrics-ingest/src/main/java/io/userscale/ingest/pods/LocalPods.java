package io.userscale.ingest.pods;

import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.local.ReplicaList;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** The local cluster's replicas, from the replica list the actuator's local backend publishes. */
public final class LocalPods implements PodSource {

    private final Path dir;

    public LocalPods(Path dir) {
        this.dir = dir;
    }

    @Override
    public PodSet pods(TargetRef target) throws IOException {
        var list = ReplicaList.read(dir, target);
        if (list.isEmpty()) {
            return PodSet.NONE;
        }
        var replicas = list.get().replicas();
        return new PodSet(replicas.size(), (int) replicas.stream().filter(ReplicaList.Replica::ready).count(),
                replicas.stream().map(r -> new Pod(r.name(), URI.create(r.metricsUrl()), r.ready(), r.startedAt()))
                        .toList());
    }
}
