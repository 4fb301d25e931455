package io.userscale.engine.policy;

import java.util.Arrays;

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
     * Desires recorded over a window of time, in a log that successive states share (as the
     * forecast's residuals are): a state appends in place when it wrote the log last, and what it
     * reads (before its end) is never written again, so recording one costs no copy of the others
     * and earlier states stay as they were.
     *
     * @param log   the recorded times and desires
     * @param begin the first still in the window
     * @param end   one past the last
     */
    public record Desires(Log log, int begin, int end) {

        /** An empty window with a log of its own. */
        public static Desires empty() {
            return new Desires(new Log(new long[0], new int[0], 0), 0, 0);
        }

        /** A window holding {@code times} and their {@code desires}, oldest first. */
        public static Desires of(long[] times, int[] desires) {
            return new Desires(new Log(times, desires, times.length), 0, times.length);
        }

        /** The window without the desires recorded before {@code sinceMs}, and with {@code desire} at {@code nowMs}. */
        public Desires add(long nowMs, int desire, long sinceMs) {
            int b = begin;
            while (b < end && log.times[b] < sinceMs) {
                b++;
            }
            if (log.append(end, nowMs, desire)) {
                return new Desires(log, b, end + 1);
            }
            // another state appended here first, or the log is full: a log of its own
            int n = end - b;
            Log own = new Log(Arrays.copyOfRange(log.times, b, end), Arrays.copyOfRange(log.desires, b, end), n);
            own.append(n, nowMs, desire);
            return new Desires(own, 0, n + 1);
        }

        /**
         * The highest desire recorded at or after {@code sinceMs}, and {@code desired} itself: the
         * scale-down stabilisation window's maximum.
         */
        public int max(long sinceMs, int desired) {
            int max = desired;
            for (int i = end - 1; i >= begin && log.times[i] >= sinceMs; i--) {
                max = Math.max(max, log.desires[i]);
            }
            return max;
        }

        /** Times of the desires in the window, oldest first. */
        public long[] times() {
            return Arrays.copyOfRange(log.times, begin, end);
        }

        /** The desires in the window, oldest first. */
        public int[] desires() {
            return Arrays.copyOfRange(log.desires, begin, end);
        }

        /** The shared log: room for as many again as it was made with, and at least 64. */
        public static final class Log {
            private final long[] times;
            private final int[] desires;
            private int filled;

            Log(long[] times, int[] desires, int filled) {
                int room = Math.max(64, 2 * filled);
                this.times = Arrays.copyOf(times, room);
                this.desires = Arrays.copyOf(desires, room);
                this.filled = filled;
            }

            synchronized boolean append(int at, long t, int desire) {
                if (at != filled || at == times.length) {
                    return false;
                }
                times[at] = t;
                desires[at] = desire;
                filled++;
                return true;
            }
        }
    }
}
