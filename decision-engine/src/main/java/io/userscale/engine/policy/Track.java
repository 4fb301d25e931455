package io.userscale.engine.policy;

import io.userscale.engine.signal.Observation;

/**
 * One signal's smoothed history: an EWMA level, optionally with a Holt trend (per second), the
 * exponentially weighted variance of values around the level, the sample-to-sample noise (half the
 * exponentially weighted mean square of successive differences, which a trend or a slow swing
 * barely moves: for request counts it is the shot noise), and when it was last seen.
 *
 * @param level      smoothed value, {@code NaN} before the first value
 * @param trend      smoothed slope per second (0 without prediction)
 * @param variance   exponentially weighted variance of values around the level
 * @param lastSeenMs when a value last arrived, {@link Long#MIN_VALUE} if never
 * @param raw        the value of the latest observation, {@code NaN} when unknown
 * @param noise      sample-to-sample noise variance, {@code NaN} until two values in a row arrived
 * @param last       the latest value that arrived (kept while values are unknown)
 * @param calm       a plain EWMA level, without trend, for noisy load
 */
public record Track(double level, double trend, double variance, long lastSeenMs, double raw, double noise,
                    double last, double calm) {

    public static final Track NEVER = new Track(Double.NaN, 0, 0, Long.MIN_VALUE, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN);


    /**
     * Weight of the newest squared difference in {@link #noise}: a memory of about 33 samples
     * (under three minutes at a 5 s scrape), long enough for a steady reading of the noise.
     */
    static final double NOISE_WEIGHT = 0.03;

    /** Whether a value has ever arrived. */
    public boolean seen() {
        return lastSeenMs != Long.MIN_VALUE;
    }

    /** Whether a value arrived within {@code staleMs} of {@code nowMs}. */
    public boolean fresh(long nowMs, long staleMs) {
        return seen() && nowMs - lastSeenMs <= staleMs;
    }

    /**
     * Folds in the newest value: plain EWMA, or Holt's linear smoothing when {@code holt}; the
     * calm level is a plain EWMA of weight {@code calmAlpha}. An unknown value keeps the levels
     * and marks the raw value unknown.
     */
    public Track update(double value, long nowMs, double alpha, double beta, boolean holt, double calmAlpha) {
        if (!Observation.known(value)) {
            return new Track(level, trend, variance, lastSeenMs, Double.NaN, noise, last, calm);
        }
        if (!seen() || Double.isNaN(level)) {
            return new Track(value, 0, 0, nowMs, value, Double.NaN, value, value);
        }
        double newCalm = calm + calmAlpha * (value - calm);
        double step = value - last;
        double newNoise = Double.isNaN(noise) ? step * step / 2
                : (1 - NOISE_WEIGHT) * noise + NOISE_WEIGHT * step * step / 2;
        if (!holt) {
            double deviation = value - level;
            return new Track(level + alpha * deviation, 0, (1 - alpha) * (variance + alpha * deviation * deviation),
                    nowMs, value, newNoise, value, newCalm);
        }
        double dt = Math.max(0.001, (nowMs - lastSeenMs) / 1000.0);
        double projected = level + trend * dt;
        double deviation = value - projected;
        double newLevel = projected + alpha * deviation;
        double newTrend = beta * (newLevel - level) / dt + (1 - beta) * trend;
        return new Track(newLevel, newTrend, (1 - alpha) * (variance + alpha * deviation * deviation), nowMs, value,
                newNoise, value, newCalm);
    }

    /**
     * Sample-to-sample noise relative to the level (0 while unknown): about 1/√(requests per
     * sample) for request counts, so low-traffic services read high.
     */
    public double relativeNoise() {
        return Double.isNaN(noise) || !(level > 0) ? 0 : Math.sqrt(noise) / level;
    }

    /** The standard deviation of sample-to-sample noise (0 while unknown). */
    public double noiseSd() {
        return Double.isNaN(noise) ? 0 : Math.sqrt(noise);
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
