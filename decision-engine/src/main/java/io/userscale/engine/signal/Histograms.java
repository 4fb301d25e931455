package io.userscale.engine.signal;


/**
 * Quantiles of cumulative histograms, computed the way Prometheus' {@code histogram_quantile}
 * does: find the bucket where the rank falls and interpolate linearly inside it; the lowest
 * bucket's lower bound is 0 (for positive upper bounds); a rank in the {@code +Inf} bucket
 * returns the highest finite upper bound.
 */
public final class Histograms {

    private Histograms() {
    }

    /**
     * @param q       the quantile, in [0, 1]
     * @param bounds  upper bounds, ascending, the last may be {@code +Inf}
     * @param cumulative cumulative counts for each bound (non-decreasing)
     * @return the quantile, or {@code NaN} when there are no observations or fewer than two buckets
     */
    public static double quantile(double q, double[] bounds, double[] cumulative) {
        int n = bounds.length;
        if (n < 2 || Double.isNaN(q) || q < 0 || q > 1 || bounds[n - 1] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        double total = cumulative[n - 1];
        if (!(total > 0)) {
            return Double.NaN;
        }
        double rank = q * total;
        int b = 0;
        while (b < n - 1 && cumulative[b] < rank) {
            b++;
        }
        if (b == n - 1) {
            return bounds[n - 2];
        }
        double lower = b == 0 ? (bounds[0] > 0 ? 0 : bounds[0]) : bounds[b - 1];
        double below = b == 0 ? 0 : cumulative[b - 1];
        double inBucket = cumulative[b] - below;
        if (inBucket <= 0) {
            return bounds[b];
        }
        return lower + (bounds[b] - lower) * ((rank - below) / inBucket);
    }
}
