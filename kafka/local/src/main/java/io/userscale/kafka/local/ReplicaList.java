package io.userscale.kafka.local;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.codec.ContractJson;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The replicas of one target in the local cluster, as the actuator's {@code local} backend
 * publishes them and local-mode ingest discovers them: a JSON file per target,
 * {@code DIR/<namespace>/<name>.replicas.json}, replaced atomically on every change.
 *
 * @param target      the workload
 * @param servingPort the port every replica serves its API on (shared with SO_REUSEPORT)
 * @param updatedAt   when the list last changed
 * @param replicas    the replicas, oldest first
 */
@JsonPropertyOrder({"target", "servingPort", "updatedAt", "replicas"})
public record ReplicaList(TargetRef target, int servingPort, Instant updatedAt, List<Replica> replicas) {

    public ReplicaList {
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
    }

    /**
     * One replica.
     *
     * @param name       its pod-like name, e.g. {@code gpu-app-3}
     * @param pid        its process id
     * @param metricsUrl where its Prometheus metrics are served
     * @param ready      whether its readiness check passed
     * @param startedAt  when its process started
     */
    @JsonPropertyOrder({"name", "pid", "metricsUrl", "ready", "startedAt"})
    public record Replica(String name, long pid, String metricsUrl, boolean ready, Instant startedAt) {
    }

    /** The file of a target under {@code dir}. */
    public static Path file(Path dir, TargetRef target) {
        return dir.resolve(target.namespace()).resolve(target.name() + ".replicas.json");
    }

    /** Writes the list to its file under {@code dir}, atomically (readers never see half a file). */
    public void write(Path dir) throws IOException {
        Path file = file(dir, target);
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, ContractJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a target's list from under {@code dir}; empty when there is none yet.
     *
     * @throws IOException when the file exists but cannot be read or parsed
     */
    public static Optional<ReplicaList> read(Path dir, TargetRef target) throws IOException {
        try {
            return Optional.of(ContractJson.mapper().readValue(Files.readAllBytes(file(dir, target)), ReplicaList.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
