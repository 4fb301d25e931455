package io.userscale.engine.policy;

import java.util.Arrays;

/**
 * Lulls after which demand came back to pods that had been let go. When demand needs {@code k}
 * pods again after needing fewer for a while, that while is a lull at level {@code k}; a pod let go
 * in it is back only a start-up after it is asked for. A lull counts when it was longer than the
 * horizon (the horizon's own window keeps pods through shorter ones) and no longer than the cap,
 * demand came back to more pods than were ready, and the SLO broke within a horizon of that: then
 * letting the pods go cost the SLO. Pods are then kept through lulls as long as the longest such
 * of the last {@value #MEMORY_CAPS} caps ({@link #holdMs}), so bursts shorter than a start-up are
 * served by pods that stayed instead of asking, each time, for pods that are ready only after the
 * burst is over. Where returns find the pods there, or meet the SLO anyway, nothing is kept.
 *
 * @param needTops   when demand last needed each level, as steps: levels up to (not including)
 *                   {@code needTops[j]}, and above the step before, were last needed at
 *                   {@code needMs[j]}. Demand that needs {@code k} pods needs every level below, so
 *                   the times fall as levels rise and a few steps hold them all; levels above the
 *                   last step were never needed
 * @param needMs     those times, most recent first
 * @param pendingMs  the last lull that ended, ms, until the SLO breaks within a horizon of its end
 *                   (0: none)
 * @param returnMs   when it ended
 * @param lullEnds   when each remembered lull ended, oldest first
 * @param lulls      how long each lasted, ms
 */
public record Recurrence(int[] needTops, long[] needMs, long pendingMs, long returnMs, long[] lullEnds, long[] lulls) {

    /** Levels followed: demand beyond this many pods counts as this many. */
    static final int LEVELS = 512;
    /** Lulls are remembered for this many caps. */
    static final int MEMORY_CAPS = 4;
    static final Recurrence NONE = new Recurrence(new int[0], new long[0], 0, 0, new long[0], new long[0]);

    /**
     * Follows demand that needs {@code pods} pods at {@code nowMs} while {@code ready} pods serve, the
     * SLO broken or not in the interval: a lull counts only at levels above the ready pods (pods that
     * were let go, or never there).
     */
    Recurrence observe(long nowMs, int pods, int ready, boolean broken, long horizonMs, long capMs) {
        if (capMs <= 0) {
            return this;
        }
        int n = Math.min(Math.max(pods, 0), LEVELS);
        int[] tops = needTops;
        long[] times = needMs;
        long pending = pendingMs;
        long returned = returnMs;
        if (n > 0) {
            long lull = 0;
            int below = 0; // the lowest level of step j
            int keep = 0; // the first step reaching above n: it and those above stay
            for (int j = 0; j < needTops.length && below < n; j++) {
                if (Math.min(needTops[j], n) > ready) { // a level of this step at or above the ready pods
                    long gap = nowMs - needMs[j];
                    if (gap > horizonMs && gap <= capMs) {
                        lull = Math.max(lull, gap);
                    }
                }
                below = needTops[j];
                keep = needTops[j] > n ? j : j + 1;
            }
            if (lull > 0) {
                pending = lull;
                returned = nowMs;
            }
            // levels below n are needed now: one step for them, then the steps reaching above
            boolean merge = keep < needTops.length && needMs[keep] == nowMs;
            int rest = needTops.length - keep;
            tops = new int[rest + (merge ? 0 : 1)];
            times = new long[tops.length];
            System.arraycopy(needTops, keep, tops, tops.length - rest, rest);
            System.arraycopy(needMs, keep, times, times.length - rest, rest);
            if (!merge) {
                tops[0] = n;
                times[0] = nowMs;
            }
        }
        int drop = 0;
        while (drop < lullEnds.length && lullEnds[drop] < nowMs - MEMORY_CAPS * capMs) {
            drop++;
        }
        boolean confirm = broken && pending > 0 && nowMs - returned <= horizonMs;
        if (!confirm && drop == 0 && tops == needTops && pending == pendingMs) {
            return this;
        }
        if (!confirm && drop == 0) { // the lulls remembered are as they were: shared, never written
            return new Recurrence(tops, times, pending, returned, lullEnds, lulls);
        }
        long[] ends = Arrays.copyOfRange(lullEnds, drop, lullEnds.length + (confirm ? 1 : 0));
        long[] lengths = Arrays.copyOfRange(lulls, drop, lulls.length + (confirm ? 1 : 0));
        if (confirm) {
            ends[ends.length - 1] = returned;
            lengths[lengths.length - 1] = pending;
            pending = 0;
        }
        return new Recurrence(tops, times, pending, returned, ends, lengths);
    }

    /** How long pods are kept after demand last needed them: the longest lull remembered (0: none). */
    long holdMs() {
        long max = 0;
        for (long l : lulls) {
            max = Math.max(max, l);
        }
        return max;
    }
}
