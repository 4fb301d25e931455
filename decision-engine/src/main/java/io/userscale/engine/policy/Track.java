package io.userscale.engine.policy;

import io.userscale.engine.signal.Observation;

/**
 * One signal's smoothed history: an EWMA level, optionally with a Holt trend (per second), the
 * exponentially weighted variance of values around the level (how noisy the signal is), and when
 * it was last seen.
 *
 * @param level      smoothed value, {@code NaN} before the first value
 * @param trend      smoothed slope per second (0 without prediction)
 * @param variance   exponentially weighted variance of values around the level
 * @param lastSeenMs when a value last arrived, {@link Long#MIN_VALUE} if never
 * @param raw        the value of the latest observation, {@code NaN} when unknown
 */
public record Track(double level, double trend, double variance, long lastSeenMs, double raw) {

    public static final Track NEVER = new Track(Double.NaN, 0, 0, Long.MIN_VALUE, Double.NaN);

    /** Whether a value has ever arrived. */
    public boolean seen() {
        return lastSeenMs != Long.MIN_VALUE;
    }

    /** Whether a value arrived within {@code staleMs} of {@code nowMs}. */
    public boolean fresh(long nowMs, long staleMs) {
        return seen() && nowMs - lastSeenMs <= staleMs;
    }

    /**
     * Folds in the newest value: plain EWMA, or Holt's linear smoothing when {@code holt}.
     * An unknown value keeps the level and marks the raw value unknown.
     */
    public Track update(double value, long nowMs, double alpha, double beta, boolean holt) {
        if (!Observation.known(value)) {
            return new Track(level, trend, variance, lastSeenMs, Double.NaN);
        }
        if (!seen() || Double.isNaN(level)) {
            return new Track(value, 0, 0, nowMs, value);
        }
        if (!holt) {
            double deviation = value - level;
            return new Track(level + alpha * deviation, 0, (1 - alpha) * (variance + alpha * deviation * deviation),
                    nowMs, value);
        }
        double dt = Math.max(0.001, (nowMs - lastSeenMs) / 1000.0);
        double projected = level + trend * dt;
        double deviation = value - projected;
        double newLevel = projected + alpha * deviation;
        double newTrend = beta * (newLevel - level) / dt + (1 - beta) * trend;
        return new Track(newLevel, newTrend, (1 - alpha) * (variance + alpha * deviation * deviation), nowMs, value);
    }

    /** The standard deviation of recent values around the level. */
    public double spread() {
        return Math.sqrt(Math.max(0, variance));
    }

    /** The level projected {@code aheadS} seconds along the trend, never below the level. */
    public double ahead(double aheadS) {
        return aheadS > 0 && trend > 0 ? level + trend * aheadS : level;
    }
}
