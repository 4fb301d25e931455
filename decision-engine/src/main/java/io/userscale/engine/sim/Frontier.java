package io.userscale.engine.sim;

import java.util.List;

/**
 * The yardstick of the evaluation: the Kubernetes HPA at every CPU target a user might have
 * chosen, and the verdict on a policy's run against all of them. The question it answers is
 * the one a user asks: could I have done as well with the HPA by choosing its target?
 */
public final class Frontier {

    /** The HPA's CPU targets tried, percent; its users target per pod is scaled alike (10 at 50 %). */
    public static final List<Integer> CPU_TARGETS = List.of(20, 30, 40, 50, 60, 70, 80);

    /**
     * One HPA run of the frontier.
     *
     * @param cpuTarget      its CPU target, percent
     * @param violations     its SLO-violation seconds
     * @param replicaSeconds its cost
     */
    public record Point(int cpuTarget, long violations, double replicaSeconds) {
    }

    /** How a policy's run compares with the frontier. */
    public enum Verdict {
        /** Some HPA target is at least as good on both counts and better on one. */
        DOMINATED,
        /** No HPA target dominates it. */
        WON,
        /**
         * Not dominated, and clearly ahead: every HPA target with no more violations costs at least
         * {@value #CLEAR_COST}× as much, and every HPA target costing no more has at least
         * {@value #CLEAR_VIOLATIONS}× its violations plus {@value #CLEAR_SLACK_S} s; and no more
         * violations than some HPA target had. A run with more than every target (and so cheaper than
         * every one, or dominated) is worse on the SLO at whatever target a user picks, and is won at
         * most: the test on violations then compares nothing, and a deployment held at one pod would
         * otherwise win every cell clearly.
         */
        CLEAR_WIN;

        /** As written in evaluate's JSON: {@code dominated}, {@code won}, {@code clear-win}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * A fixed deployment held at one replica count from the start, as a second yardstick: for what
     * a policy spent, the most pods a deployment that never scales could have had all along, and
     * how it would have done. Fewer pods have had no fewer violations on every trace and kind of
     * arrivals measured, so where this count does not dominate a run, no fixed count does.
     *
     * @param replicas       the count, {@code ⌊cost ÷ seconds⌋} of the run it is set beside
     * @param violations     its SLO-violation seconds
     * @param replicaSeconds its cost: the count times the trace's seconds
     */
    public record Fixed(int replicas, long violations, double replicaSeconds) {

        /** Whether this deployment is at least as good as a run on both counts and better on one. */
        public boolean dominates(long runViolations, double runCost) {
            return violations <= runViolations && replicaSeconds <= runCost
                    && (violations < runViolations || replicaSeconds < runCost);
        }
    }

    public static final double CLEAR_COST = 1.15;
    public static final double CLEAR_VIOLATIONS = 2;
    public static final double CLEAR_SLACK_S = 5;

    private Frontier() {
    }

    /** The verdict on a run with {@code violations} and {@code cost} against the frontier's points. */
    public static Verdict verdict(long violations, double cost, List<Point> frontier) {
        boolean clear = true;
        boolean moreViolationsThanAll = !frontier.isEmpty();
        for (Point h : frontier) {
            moreViolationsThanAll &= violations > h.violations();
            boolean noWorse = h.violations() <= violations && h.replicaSeconds() <= cost;
            boolean better = h.violations() < violations || h.replicaSeconds() < cost;
            if (noWorse && better) {
                return Verdict.DOMINATED;
            }
            if (h.violations() <= violations && h.replicaSeconds() < CLEAR_COST * cost) {
                clear = false;
            }
            if (h.replicaSeconds() <= cost && h.violations() < CLEAR_VIOLATIONS * violations + CLEAR_SLACK_S) {
                clear = false;
            }
        }
        return clear && !moreViolationsThanAll ? Verdict.CLEAR_WIN : Verdict.WON;
    }
}
