package io.userscale.engine.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The decision-engine's configuration ({@code userscale.engine.*}); checked at start-up. */
@ConfigMapping(prefix = "userscale.engine")
public interface EngineConfig {

    /**
     * The policy every target is decided by: userscale, seed, seed-aggressive, seed-conservative, hpa, kpa,
     * or hpa@T (the HPA at a CPU target of T %).
     */
    @WithDefault("userscale")
    String policy();

    /** Policy parameters by their names (CPU_TARGET, MAX_REPLICAS, ...), over the policy's own defaults. */
    Map<String, String> parameters();

    /**
     * Per-target settings, by {@code namespace/name} (quoted in property names:
     * {@code userscale.engine.targets."prod/gpu-app".parameters.MAX_REPLICAS=40}).
     */
    Map<String, Target> targets();

    /** One target's own policy and parameters, over the engine-wide ones. */
    interface Target {
        /** Its policy, if not the engine's. */
        Optional<String> policy();

        /** Its parameters, over the engine-wide parameters. */
        Map<String, String> parameters();
    }

    /** ScalingPolicy resources (userscale.io/v1alpha1) as the source of targets' policies. */
    ScalingPolicies scalingPolicies();

    /** Watching ScalingPolicies through the Kubernetes API. */
    interface ScalingPolicies {
        /** Whether to watch them (in a cluster); each one sets its target's policy and parameters. */
        @WithDefault("false")
        boolean enabled();

        /** The namespace to watch; every namespace when unset. */
        Optional<String> namespace();
    }

    /** How long a scale command stays valid after its decision. */
    @WithDefault("60s")
    Duration commandTtl();

    /** Mark every command dry-run: the actuator reports what it would do and touches nothing. */
    @WithDefault("false")
    boolean dryRun();

    /** How long reading a target's past decisions back after a restart may take. */
    @WithDefault("15s")
    Duration restoreTimeout();

    /** How long publishing one decision or command may take, retries included. */
    @WithDefault("30s")
    Duration publishTimeout();
}
