package io.userscale.engine.policy;

/**
 * The share of demand a scale-down keeps to spare, learned from the scale-downs themselves. Each one
 * is a forecast that the pods left will do for a horizon: it missed when pods were asked back, or
 * the SLO broke (at any pod), within a horizon of it. The share moves as adaptive conformal
 * inference moves a quantile, so that a tenth of scale-downs miss: up by nine tenths of the
 * configured tolerance on a miss, down by a tenth of it on a hit, between none and the configured
 * tolerance. On smooth load no pod let go is wanted back, and the band narrows to nothing: pods go
 * as soon as the forecast's bound fits on fewer. On noisy load pods let go come back a start-up
 * late, and it stays at the configured tolerance. Wider than that it is not allowed to grow: where
 * the noise asks pods back, the forecast's bound already carries its headroom, and a wider band
 * bought cost, not fewer violations (Mooncake under Poisson arrivals, 2.0–2.3 → 2.2–2.7× the
 * oracle's replica-seconds for the same 1–6 violation-seconds).
 *
 * @param tolerance the share of demand kept to spare before pods are let go
 * @param sinceMs   when the scale-down on trial was made ({@link ModelPolicy#UNSET}: none)
 * @param to        the replicas it left
 */
public record Release(double tolerance, long sinceMs, int to) {

    /** The share of scale-downs meant to be undone within a horizon. */
    static final double UNDONE = 0.1;

    static Release initial(double tolerance) {
        return new Release(tolerance, ModelPolicy.UNSET, 0);
    }

    /**
     * Judges the scale-down on trial by this interval: missed when {@code desired} asks for more pods
     * than it left or {@code broken}, hit once a horizon has passed without either.
     *
     * @param step the configured tolerance: how far one judgement moves the band, and the widest it grows
     */
    Release observe(long nowMs, int desired, boolean broken, long horizonMs, double step) {
        if (!onTrial()) {
            return this;
        }
        if (desired > to || broken) {
            return judged(tolerance + step * (1 - UNDONE), step);
        }
        if (nowMs - sinceMs >= horizonMs) {
            return hit(step);
        }
        return this;
    }

    /** A scale-down to {@code to} replicas: on trial from now. One still on trial had held so far. */
    Release released(long nowMs, int to, double step) {
        Release r = onTrial() ? hit(step) : this;
        return new Release(r.tolerance, nowMs, to);
    }

    /** Whether a scale-down awaits its judgement: only then does an interval's break count. */
    boolean onTrial() {
        return sinceMs != ModelPolicy.UNSET;
    }

    private Release hit(double step) {
        return judged(tolerance - step * UNDONE, step);
    }

    /** The band moved to {@code tolerance}, kept within none and {@code step}; nothing on trial. */
    private static Release judged(double tolerance, double step) {
        return new Release(Math.max(0, Math.min(step, tolerance)), ModelPolicy.UNSET, 0);
    }
}
