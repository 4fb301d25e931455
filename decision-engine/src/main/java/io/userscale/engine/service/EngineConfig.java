package io.userscale.engine.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** The decision-engine's configuration ({@code userscale.engine.*}); checked at start-up. */
@ConfigMapping(prefix = "userscale.engine")
public interface EngineConfig {

    /** The policy every target is decided by: userscale, seed, seed-aggressive, seed-conservative, hpa, kpa. */
    @WithDefault("userscale")
    String policy();

    /** Policy parameters by their names (CPU_TARGET, MAX_REPLICAS, ...), over the policy's own defaults. */
    Map<String, String> parameters();

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
