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
 * @param lastNeedMs when demand last needed {@code k + 1} pods ({@code ModelPolicy.UNSET}: never)
 * @param pendingMs  the last lull that ended, ms, until the SLO breaks within a horizon of its end
 *                   (0: none)
 * @param returnMs   when it ended
 * @param lullEnds   when each remembered lull ended, oldest first
 * @param lulls      how long each lasted, ms
 */
public record Recurrence(long[] lastNeedMs, long pendingMs, long returnMs, long[] lullEnds, long[] lulls) {

    /** Levels followed: demand beyond this many pods counts as this many. */
    static final int LEVELS = 512;
    /** Lulls are remembered for this many caps. */
    static final int MEMORY_CAPS = 4;
    static final Recurrence NONE = new Recurrence(new long[0], 0, 0, new long[0], new long[0]);

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
        long[] need = lastNeedMs;
        long pending = pendingMs;
        long returned = returnMs;
        if (n > 0) {
            need = lastNeedMs.length >= n ? lastNeedMs.clone() : grow(lastNeedMs, n);
            long lull = 0;
            for (int k = 0; k < n; k++) {
                long gap = need[k] == ModelPolicy.UNSET ? 0 : nowMs - need[k];
                if (k >= ready && gap > horizonMs && gap <= capMs) {
                    lull = Math.max(lull, gap);
                }
                need[k] = nowMs;
            }
            if (lull > 0) {
                pending = lull;
                returned = nowMs;
            }
        }
        int drop = 0;
        while (drop < lullEnds.length && lullEnds[drop] < nowMs - MEMORY_CAPS * capMs) {
            drop++;
        }
        boolean confirm = broken && pending > 0 && nowMs - returned <= horizonMs;
        if (!confirm && drop == 0 && need == lastNeedMs && pending == pendingMs) {
            return this;
        }
        long[] ends = Arrays.copyOfRange(lullEnds, drop, lullEnds.length + (confirm ? 1 : 0));
        long[] lengths = Arrays.copyOfRange(lulls, drop, lulls.length + (confirm ? 1 : 0));
        if (confirm) {
            ends[ends.length - 1] = returned;
            lengths[lengths.length - 1] = pending;
            pending = 0;
        }
        return new Recurrence(need, pending, returned, ends, lengths);
    }

    /** How long pods are kept after demand last needed them: the longest lull remembered (0: none). */
    long holdMs() {
        long max = 0;
        for (long l : lulls) {
            max = Math.max(max, l);
        }
        return max;
    }

    private static long[] grow(long[] a, int n) {
        long[] out = Arrays.copyOf(a, n);
        Arrays.fill(out, a.length, n, ModelPolicy.UNSET);
        return out;
    }
}
