package io.userscale.engine.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HistogramsTest {

    static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void interpolatesInsideTheBucketWhereTheRankFalls() {
        // 100 observations: 50 ≤ 100 ms, 90 ≤ 200 ms, 100 ≤ 400 ms. p95 rank 95 → in (200, 400]
        double q = Histograms.quantile(0.95, new double[] {100, 200, 400, INF}, new double[] {50, 90, 100, 100});
        assertThat(q).isCloseTo(200 + 200 * (5.0 / 10), within(1e-9));
    }

    @Test
    void theFirstBucketStartsAtZero() {
        double q = Histograms.quantile(0.5, new double[] {100, INF}, new double[] {10, 10});
        assertThat(q).isCloseTo(50, within(1e-9));
    }

    @Test
    void aRankInTheInfBucketReturnsTheHighestFiniteBound() {
        double q = Histograms.quantile(0.95, new double[] {100, 200, INF}, new double[] {10, 20, 100});
        assertThat(q).isEqualTo(200);
    }

    @Test
    void noObservationsOrNoInfBucketIsUnknown() {
        assertThat(Histograms.quantile(0.95, new double[] {100, INF}, new double[] {0, 0})).isNaN();
        assertThat(Histograms.quantile(0.95, new double[] {100, 200}, new double[] {1, 2})).isNaN();
        assertThat(Histograms.quantile(0.95, new double[] {INF}, new double[] {3})).isNaN();
    }

    /** Cumulative counts of 1000 latencies {@code 50 + Exp(mean)} at gpu-app's bounds. */
    static double[] shiftedExponential(double[] bounds, double mean) {
        double[] c = new double[bounds.length];
        for (int b = 0; b < bounds.length; b++) {
            double x = bounds[b] - 50;
            c[b] = Double.isInfinite(bounds[b]) ? 1000 : x <= 0 ? 0 : 1000 * (1 - Math.exp(-x / mean));
        }
        return c;
    }

    @Test
    void anExponentialTailIsReadExactlyWhereLinearInterpolationReadsItHigh() {
        double[] bounds = {25, 50, 100, 200, 300, 500, INF};
        for (double mean : new double[] {10, 33, 60}) {
            double[] c = shiftedExponential(bounds, mean);
            double truth = 50 + mean * Math.log(20);
            assertThat(Histograms.quantileExpTail(0.95, bounds, c)).as("mean %s", mean).isCloseTo(truth, within(1e-6));
            assertThat(Histograms.quantile(0.95, bounds, c)).isGreaterThan(truth);
            assertThat(Histograms.shareAbove(truth, bounds, c)).isCloseTo(0.05, within(1e-9));
        }
    }

    @Test
    void theTopOfTheDistributionInsideOneBucketIsInterpolatedLinearly() {
        // everything in (50, 100]: nothing tells the shape, so as Prometheus does
        double[] bounds = {50, 100, INF};
        double[] c = {0, 20, 20};
        assertThat(Histograms.quantileExpTail(0.95, bounds, c)).isCloseTo(97.5, within(1e-9));
        assertThat(Histograms.shareAbove(75, bounds, c)).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void beyondTheHighestBoundTheLastBucketsDecayGoesOn() {
        double[] bounds = {100, 200, INF};
        double[] c = {500, 750, 1000}; // survival 0.5 at 100, 0.25 at 200: halves every 100 ms
        assertThat(Histograms.quantileExpTail(0.95, bounds, c)).isCloseTo(200 + 100 * Math.log(5) / Math.log(2),
                within(1e-6));
        assertThat(Histograms.shareAbove(300, bounds, c)).isCloseTo(0.125, within(1e-9));
    }
}
