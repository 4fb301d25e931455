package io.userscale.engine.policy;

import io.userscale.engine.signal.Observation;

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
}
