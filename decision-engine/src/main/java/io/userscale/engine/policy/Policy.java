package io.userscale.engine.policy;

import io.userscale.engine.signal.Observation;
import io.userscale.kafka.contract.Decision;
import java.util.List;

/**
 * A scaling policy: a pure function of its own state and one observation. It reads no clock
 * (time is {@link Observation#tsMs()}), does no I/O and keeps nothing between calls but the state
 * it returns.
 *
 * @param <S> the policy's state, immutable
 */
public interface Policy<S> {

    /** The name users select it by, e.g. {@code userscale}, {@code hpa}. */
    String name();

    /** Version of the rules and parameters, recorded in every decision. */
    String version();

    /** The parameters it applies. */
    PolicyParams params();

    /** State before the first observation of a target. */
    S initialState();

    /** Evaluates one observation. */
    Evaluation<S> evaluate(S state, Observation observation);

    /**
     * The state to resume from after a restart, rebuilt from the decisions published for one
     * target (oldest first): what the behaviour rules need (last scale time, runs of operations,
     * windows of desires) is in them. Signals' smoothing starts afresh. By default: nothing kept.
     */
    default S restore(List<Decision> history) {
        return initialState();
    }

    /** How far back {@link #restore} needs decisions, in milliseconds. */
    default long restoreLookbackMs() {
        return 0;
    }
}
