package io.userscale.actuator.service;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.userscale.actuator.backend.DryRunBackend;
import io.userscale.actuator.backend.ScaleBackend;
import io.userscale.actuator.core.Bounds;
import io.userscale.actuator.core.BoundsTable;
import io.userscale.actuator.kubernetes.KubernetesBackend;
import io.userscale.actuator.kubernetes.RetryPolicy;
import io.userscale.actuator.local.LocalBackend;
import io.userscale.actuator.local.LocalSettings;
import io.userscale.kafka.contract.TargetRef;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Builds the configured backend and bounds; a bad setting fails here, naming its key. */
final class Backends {

    private Backends() {
    }

    /** The backend {@code config} names; the Kubernetes client is asked for only when it is needed. */
    static ScaleBackend create(ActuatorConfig config, Supplier<KubernetesClient> kubernetes, Clock clock)
            throws IOException {
        return switch (config.backend()) {
            case DRY_RUN -> new DryRunBackend();
            case KUBERNETES -> {
                var k = config.kubernetes();
                yield new KubernetesBackend(kubernetes.get(),
                        RetryPolicy.of(k.retryAttempts(), k.retryInitialDelay(), k.retryMaxDelay()), clock);
            }
            case LOCAL -> LocalBackend.start(localSettings(config.local()), clock);
        };
    }

    /** The local backend's settings from {@code userscale.actuator.local.*}. */
    static LocalSettings localSettings(ActuatorConfig.Local local) {
        TargetRef target;
        try {
            target = TargetRef.parseKey(local.target());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("userscale.actuator.local.target: " + e.getMessage(), e);
        }
        return new LocalSettings(target, local.initialReplicas(), local.port(), local.dir(),
                local.java().orElseGet(LocalSettings::currentJava), local.appJar(), local.jvmOptions().orElse(null),
                local.launch().orElse(List.of()),
                local.jvmArgs().orElse(List.of()), local.systemProperties(), local.probeInterval(), local.drainTimeout());
    }

    /** Every target's bounds from {@code userscale.actuator.*-replicas} and {@code targets."ns/name".*}. */
    static BoundsTable bounds(ActuatorConfig config) {
        Bounds defaults;
        try {
            defaults = new Bounds(config.minReplicas(), config.maxReplicas());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("userscale.actuator.min-replicas/max-replicas: " + e.getMessage(), e);
        }
        Map<String, Bounds> perTarget = new HashMap<>();
        config.targets().forEach((key, own) -> {
            String prefix = "userscale.actuator.targets.\"" + key + "\"";
            try {
                TargetRef.parseKey(key);
                perTarget.put(key, new Bounds(own.minReplicas().orElse(defaults.min()),
                        own.maxReplicas().orElse(defaults.max())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(prefix + ": " + e.getMessage(), e);
            }
        });
        return new BoundsTable(defaults, perTarget);
    }
}
