package io.userscale.kafka.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Objects;

/**
 * The workload a record is about.
 *
 * @param namespace Kubernetes namespace (or {@code local} for the local cluster)
 * @param name      workload name
 * @param kind      workload kind, {@code Deployment} unless said otherwise
 */
public record TargetRef(String namespace, String name, String kind) {

    public static final String DEFAULT_KIND = "Deployment";

    public TargetRef {
        Objects.requireNonNull(namespace, "target.namespace");
        Objects.requireNonNull(name, "target.name");
        if (kind == null) {
            kind = DEFAULT_KIND;
        }
    }

    public static TargetRef deployment(String namespace, String name) {
        return new TargetRef(namespace, name, DEFAULT_KIND);
    }

    /**
     * Parses a {@code namespace/name} key.
     *
     * @throws IllegalArgumentException naming the key when it is not of that form
     */
    public static TargetRef parseKey(String key) {
        int slash = key == null ? -1 : key.indexOf('/');
        if (slash <= 0 || slash == key.length() - 1 || key.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("target key must be namespace/name, got: " + key);
        }
        return deployment(key.substring(0, slash), key.substring(slash + 1));
    }

    /** The Kafka key of every record about this target: {@code namespace/name}. */
    @JsonIgnore
    public String key() {
        return namespace + "/" + name;
    }

    @Override
    public String toString() {
        return key();
    }
}
