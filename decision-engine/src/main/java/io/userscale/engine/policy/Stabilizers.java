package io.userscale.engine.policy;

/**
 * The small behaviour rules, each a pure function with its own table test: bounds, steps, the
 * proportional rule with a tolerance band and a low mark, and a window maximum.
 */
public final class Stabilizers {

    private Stabilizers() {
    }

    /** {@code x} clamped to {@code [min, max]}. */
    public static int applyBounds(int min, int max, int x) {
        return Math.max(min, Math.min(max, x));
    }

    /**
     * Moves from {@code current} toward {@code target} by at most {@code upStep} up or
     * {@code downStep} down.
     */
    public static int limitStep(int current, int target, int upStep, int downStep) {
        if (target > current) {
            return Math.min(target, current + upStep);
        }
        if (target < current) {
            return Math.max(target, current - downStep);
        }
        return current;
    }

    /** The scale-up step: the larger of a count and a percentage of current replicas. */
    public static int upStep(int current, int step, double percent) {
        return Math.max(step, (int) Math.ceil(current * percent / 100.0));
    }

    /** The scale-down step: the larger of a count and a percentage of current replicas (rounded down). */
    public static int downStep(int current, int step, double percent) {
        return Math.max(step, (int) Math.floor(current * percent / 100.0));
    }

    /**
     * Replicas a proportional signal asks for: {@code ceil(current × value / target)} when the
     * value is above the tolerance band, or below its low mark; otherwise {@code current}.
     * Never divides by zero: with no replicas it asks for one when there is any load.
     */
    public static int proportional(int current, double value, double target, double lowMark, double tolerance) {
        if (current <= 0) {
            return value > 0 ? 1 : 0;
        }
        double ratio = value / target;
        if (ratio > 1 + tolerance || value < lowMark) {
            return (int) Math.ceil(current * ratio - 1e-9);
        }
        return current;
    }

    /** Replicas an absolute signal asks for: {@code ceil(value / perPod)}. */
    public static int perPod(double value, double perPod) {
        return (int) Math.ceil(value / perPod - 1e-9);
    }

    /**
     * The highest desire recorded at or after {@code sinceMs} (and {@code desired} itself): the
     * scale-down stabilisation window.
     *
     * @param times   recorded times, oldest first
     * @param desires desires recorded at those times
     */
    public static int windowMax(long[] times, int[] desires, long sinceMs, int desired) {
        int max = desired;
        for (int i = times.length - 1; i >= 0 && times[i] >= sinceMs; i--) {
            max = Math.max(max, desires[i]);
        }
        return max;
    }

    /**
     * Desires recorded over a window of time, oldest first (what {@link #windowMax} reads).
     *
     * @param times   when each was recorded, epoch ms
     * @param desires the desires
     */
    public record Window(long[] times, int[] desires) {

        /** The window without the desires recorded before {@code sinceMs}, and with {@code desire} at {@code nowMs}. */
        public Window add(long nowMs, int desire, long sinceMs) {
            int drop = 0;
            while (drop < times.length && times[drop] < sinceMs) {
                drop++;
            }
            long[] t = java.util.Arrays.copyOfRange(times, drop, times.length + 1);
            int[] d = java.util.Arrays.copyOfRange(desires, drop, desires.length + 1);
            t[t.length - 1] = nowMs;
            d[d.length - 1] = desire;
            return new Window(t, d);
        }
    }
}
