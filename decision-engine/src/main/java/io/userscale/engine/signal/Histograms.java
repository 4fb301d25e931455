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
        int b = bucketOf(q, bounds, cumulative);
        if (b < 0) {
            return Double.NaN;
        }
        int n = bounds.length;
        double rank = q * cumulative[n - 1];
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

    /**
     * The {@code q} quantile read with an exponential tail inside the bucket where it falls: the
     * share of observations above {@code x} is interpolated log-linearly between the bucket's
     * bounds, which is exact for latency of the form {@code constant + exponential} and, unlike
     * linear interpolation, does not read a queue's tail as spread evenly across a wide bucket.
     * Where the bucket holds the very top of the distribution (nothing above its upper bound) it
     * interpolates linearly; beyond the highest finite bound it continues the last bucket's decay.
     *
     * @return the quantile, or {@code NaN} when there are no observations or the layout is unusable
     */
    public static double quantileExpTail(double q, double[] bounds, double[] cumulative) {
        int b = bucketOf(q, bounds, cumulative);
        if (b < 0) {
            return Double.NaN;
        }
        int n = bounds.length;
        double total = cumulative[n - 1];
        double rank = q * total;
        double survival = 1 - q;
        if (b == n - 1) {
            return beyond(survival, bounds, cumulative, total);
        }
        double lower = b == 0 ? 0 : bounds[b - 1];
        double sLow = b == 0 ? 1 : 1 - cumulative[b - 1] / total;
        double sHigh = 1 - cumulative[b] / total;
        if (sLow <= survival) {
            return lower;
        }
        if (sHigh <= 0) {
            double inBucket = cumulative[b] - (b == 0 ? 0 : cumulative[b - 1]);
            double below = b == 0 ? 0 : cumulative[b - 1];
            return lower + (bounds[b] - lower) * ((rank - below) / inBucket);
        }
        return lower + (bounds[b] - lower) * Math.log(survival / sLow) / Math.log(sHigh / sLow);
    }

    /**
     * The share of observations above {@code x}, read as {@link #quantileExpTail} reads the buckets.
     *
     * @return a share in [0, 1], or {@code NaN} when there are no observations or the layout is unusable
     */
    public static double shareAbove(double x, double[] bounds, double[] cumulative) {
        int n = bounds.length;
        if (n < 2 || Double.isNaN(x) || bounds[n - 1] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        double total = cumulative[n - 1];
        if (!(total > 0)) {
            return Double.NaN;
        }
        if (x <= 0) {
            return 1;
        }
        int b = 0;
        while (b < n - 1 && bounds[b] < x) {
            b++;
        }
        if (b == n - 1) {
            double sLast = 1 - cumulative[n - 2] / total;
            double rate = decay(bounds, cumulative, total);
            return rate > 0 ? sLast * Math.exp(-rate * (x - bounds[n - 2])) : sLast;
        }
        double lower = b == 0 ? 0 : bounds[b - 1];
        double sLow = b == 0 ? 1 : 1 - cumulative[b - 1] / total;
        double sHigh = 1 - cumulative[b] / total;
        double f = (x - lower) / (bounds[b] - lower);
        if (sHigh <= 0 || sLow <= 0) {
            return Math.max(0, sLow - (sLow - sHigh) * f);
        }
        return sLow * Math.pow(sHigh / sLow, f);
    }

    /** The quantile of survival {@code survival} above the highest finite bound, continuing the last decay. */
    private static double beyond(double survival, double[] bounds, double[] cumulative, double total) {
        int n = bounds.length;
        double last = bounds[n - 2];
        double sLast = 1 - cumulative[n - 2] / total;
        double rate = decay(bounds, cumulative, total);
        if (!(rate > 0) || !(sLast > 0)) {
            return last;
        }
        return last + Math.log(sLast / survival) / rate;
    }

    /** The last finite bucket's exponential decay rate per unit, or 0 when it cannot be read. */
    private static double decay(double[] bounds, double[] cumulative, double total) {
        int n = bounds.length;
        if (n < 3) {
            return 0;
        }
        double s1 = 1 - cumulative[n - 3] / total;
        double s2 = 1 - cumulative[n - 2] / total;
        if (!(s1 > s2) || !(s2 > 0)) {
            return 0;
        }
        return Math.log(s1 / s2) / (bounds[n - 2] - bounds[n - 3]);
    }

    /** The bucket where the rank of {@code q} falls, or -1 when the histogram cannot answer. */
    private static int bucketOf(double q, double[] bounds, double[] cumulative) {
        int n = bounds.length;
        if (n < 2 || Double.isNaN(q) || q < 0 || q > 1 || bounds[n - 1] != Double.POSITIVE_INFINITY
                || !(cumulative[n - 1] > 0)) {
            return -1;
        }
        double rank = q * cumulative[n - 1];
        int b = 0;
        while (b < n - 1 && cumulative[b] < rank) {
            b++;
        }
        return b;
    }
}
