package io.userscale.actuator.core;

import io.userscale.kafka.contract.TargetRef;
import java.util.Map;

/**
 * The bounds of every target: its own where configured, the actuator-wide ones otherwise.
 *
 * @param defaults  the bounds of targets without their own
 * @param perTarget bounds by target key ({@code namespace/name})
 */
public record BoundsTable(Bounds defaults, Map<String, Bounds> perTarget) {

    public BoundsTable {
        perTarget = Map.copyOf(perTarget);
    }

    /** The bounds of {@code target}. */
    public Bounds of(TargetRef target) {
        return perTarget.getOrDefault(target.key(), defaults);
    }
}
