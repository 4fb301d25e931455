package io.userscale.actuator.core;

import io.userscale.kafka.contract.TargetRef;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The configured bounds, with targets' bounds from their ScalingPolicy resources over them,
 * changed while the actuator runs.
 */
public final class LiveBounds {

    private final BoundsTable configured;
    private final Map<String, Bounds> fromPolicies = new ConcurrentHashMap<>();

    public LiveBounds(BoundsTable configured) {
        this.configured = configured;
    }

    /** The bounds of {@code target} now. */
    public Bounds of(TargetRef target) {
        Bounds b = fromPolicies.get(target.key());
        return b != null ? b : configured.of(target);
    }

    /** A ScalingPolicy sets {@code target}'s bounds. */
    public void set(TargetRef target, Bounds bounds) {
        fromPolicies.put(target.key(), bounds);
    }

    /** {@code target}'s ScalingPolicy is gone: the configured bounds hold again. */
    public void clear(TargetRef target) {
        fromPolicies.remove(target.key());
    }

    public BoundsTable configured() {
        return configured;
    }
}
