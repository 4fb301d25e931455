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
}
