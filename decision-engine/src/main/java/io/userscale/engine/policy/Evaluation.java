package io.userscale.engine.policy;

import io.userscale.kafka.contract.Decision;
import java.util.Map;

/**
 * What a policy made of one observation.
 *
 * @param state     the policy's state afterwards
 * @param current   replicas it saw
 * @param desired   what the signals asked for, within bounds
 * @param target    what it settles on after behaviour rules ({@code final} in a Decision)
 * @param blockedBy what held it back from {@code desired}, or {@code null}
 * @param mode      normal or burst
 * @param signals   per signal: raw, smoothed, target, desired
 * @param note      a short extra for the summary (e.g. {@code "waiting for sync"}), or empty
 * @param <S>       the policy's state
 */
public record Evaluation<S>(S state, int current, int desired, int target, Decision.BlockedBy blockedBy,
                            Decision.Mode mode, Map<String, Decision.Signal> signals, String note) {

    /** The policy hands its signals over: a read-only view, which a Decision keeps without copying. */
    public Evaluation {
        signals = java.util.Collections.unmodifiableMap(signals);
    }

    public Decision.Action action() {
        return target > current ? Decision.Action.SCALE_UP
                : target < current ? Decision.Action.SCALE_DOWN : Decision.Action.NONE;
    }
}
