package io.userscale.actuator.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The actuator's configuration ({@code userscale.actuator.*}); checked at start-up. */
@ConfigMapping(prefix = "userscale.actuator")
public interface ActuatorConfig {

    /** ScalingPolicy resources (userscale.io/v1alpha1): their bounds, and their status written back. */
    ScalingPolicies scalingPolicies();

    /** Watching ScalingPolicies through the Kubernetes API. */
    interface ScalingPolicies {
        /** Whether to watch them: each sets its target's bounds, and gets its status written. */
        @WithDefault("false")
        boolean enabled();

        /** The namespace to watch; every namespace when unset. */
        Optional<String> namespace();
    }


    /** Where commands are applied: {@code kubernetes}, {@code local} or {@code dry-run}. */
    @WithDefault("dry-run")
    BackendKind backend();

    /**
     * The consumer group reading {@code userscale.commands}; {@code <group-id>-status} reads
     * {@code userscale.decisions} for the ScalingPolicy status.
     */
    @WithDefault("userscale-actuator")
    String groupId();

    /** The fewest replicas any target may be set to, unless the target says otherwise. */
    @WithDefault("1")
    int minReplicas();

    /** The most replicas any target may be set to, unless the target says otherwise. */
    @WithDefault("10")
    int maxReplicas();

    /**
     * Per-target bounds, by {@code namespace/name} (quoted in property names:
     * {@code userscale.actuator.targets."prod/gpu-app".max-replicas=40}).
     */
    Map<String, TargetBounds> targets();

    /** One target's own bounds, over the actuator-wide ones. */
    interface TargetBounds {
        /** Its fewest replicas, if not the actuator's. */
        Optional<Integer> minReplicas();

        /** Its most replicas, if not the actuator's. */
        Optional<Integer> maxReplicas();
    }

    /**
     * How far back the results already published are read at start-up to learn which commands were
     * handled; must exceed the commands' lifetime, so that a command older than this is expired anyway.
     */
    @WithDefault("1h")
    Duration restoreLookback();

    /** How long one attempt at reading the results back may take. */
    @WithDefault("30s")
    Duration restoreTimeout();

    /**
     * How long one attempt at publishing a result (or a dead letter) may take; a failed attempt is
     * tried again, after a pause that grows with each failure in a row.
     */
    @WithDefault("30s")
    Duration publishTimeout();

    /** The Kubernetes backend's settings. */
    Kubernetes kubernetes();

    /** Retries of Kubernetes API calls answered 409, 429 or 5xx. */
    interface Kubernetes {
        /** Attempts per call, the first included. */
        @WithDefault("5")
        int retryAttempts();

        /** The wait after the first failed attempt; it doubles after each further one. */
        @WithDefault("100ms")
        Duration retryInitialDelay();

        /** The longest wait between two attempts. */
        @WithDefault("2s")
        Duration retryMaxDelay();
    }

    /** The local backend's settings: replicas of the workload as processes on this machine. */
    Local local();

    /** Where and how the local backend starts replicas. */
    interface Local {
        /** The target the local replicas are, as {@code namespace/name}. */
        @WithDefault("demo/gpu-app")
        String target();

        /** Replicas started with the actuator, before any command. */
        @WithDefault("1")
        int initialReplicas();

        /** The port every replica serves on (shared with SO_REUSEPORT). */
        @WithDefault("8080")
        int port();

        /** Where the replica list and the replicas' logs are written. */
        @WithDefault(".userscale/local")
        Path dir();

        /** The Java launcher; the running JVM's own when unset. */
        Optional<Path> java();

        /** The workload's runnable jar. */
        @WithDefault("gpu-app/target/quarkus-app/quarkus-run.jar")
        Path appJar();

        /**
         * The workload's JVM options, a Java argument file every replica starts with
         * ({@code java @FILE}): native access for its BLAS and CUDA libraries, the vector module
         * for its pure-Java fallback.
         */
        @WithDefault("gpu-app/jvm.options")
        Optional<Path> jvmOptions();

        /** What starts a replica instead of {@code -jar <app-jar>}, e.g. {@code -cp,DIR,MainClass}. */
        Optional<List<String>> launch();

        /** Further JVM options of every replica, after the workload's own, e.g. {@code -Xmx1g}. */
        Optional<List<String>> jvmArgs();

        /** System properties of every replica ({@code -Dkey=value}). */
        Map<String, String> systemProperties();

        /** How often replicas are checked for readiness and exits. */
        @WithDefault("500ms")
        Duration probeInterval();

        /** How long a stopping replica may drain before it is killed. */
        @WithDefault("15s")
        Duration drainTimeout();
    }
}
