package io.userscale.engine.policy;

import io.userscale.engine.signal.Observation;

/**
 * One signal's smoothed history: an EWMA level, optionally with a Holt trend (per second), the
 * exponentially weighted variance of values around the level, the sample-to-sample noise (the
 * exponentially weighted mean absolute difference of successive values, which a trend or a slow
 * swing barely moves: for request counts it is the shot noise), and when it was last seen.
 *
 * @param level      smoothed value, {@code NaN} before the first value
 * @param trend      smoothed slope per second (0 without prediction)
 * @param variance   exponentially weighted variance of values around the level
 * @param lastSeenMs when a value last arrived, {@link Long#MIN_VALUE} if never
 * @param raw        the value of the latest observation, {@code NaN} when unknown
 * @param noise      mean absolute successive difference, {@code NaN} until two values arrived
 * @param last       the latest value that arrived (kept while values are unknown)
 * @param calm       a plain EWMA level, without trend, for noisy load
 */
public record Track(double level, double trend, double variance, long lastSeenMs, double raw, double noise,
                    double last, double calm) {

    public static final Track NEVER = new Track(Double.NaN, 0, 0, Long.MIN_VALUE, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN);


    /**
     * Weight of the newest absolute difference in {@link #noise}: a memory of about 33 samples
     * (under three minutes at a 5 s scrape), long enough for a steady reading of the noise.
     */
    static final double NOISE_WEIGHT = 0.03;

    /** σ of Gaussian white noise per mean absolute successive difference: √π / 2. */
    static final double SD_PER_MEAN_STEP = 0.8862269254527580;

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
        double newNoise = Double.isNaN(noise) ? Math.abs(step)
                : (1 - NOISE_WEIGHT) * noise + NOISE_WEIGHT * Math.abs(step);
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
     * Sample-to-sample noise relative to the level, or to {@code floor} when the level is below it
     * (0 while unknown): about 1/√(requests per sample) for request counts, so low-traffic
     * services read high, while an idle one (level below one pod's worth, the usual floor) does not.
     */
    public double relativeNoise(double floor) {
        double base = Math.max(level, floor);
        return Double.isNaN(noise) || !(base > 0) ? 0 : noiseSd() / base;
    }

    /**
     * The standard deviation of sample-to-sample noise (0 while unknown), from the mean absolute
     * successive difference: a step in the load moves it linearly, not by its square.
     */
    public double noiseSd() {
        return Double.isNaN(noise) ? 0 : SD_PER_MEAN_STEP * noise;
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
