package io.userscale.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class CapacityTest {

    /** p95 of an M/D/2 pod with 50 ms service, as the simulator's model has it. */
    static double p95(double u) {
        double wq = 25 * Math.pow(u, Math.sqrt(6) - 1) / (2 * (1 - u));
        return 50 + 3 * wq;
    }

    /**
     * The prior 0.5 after {@code n} observations, the i-th at utilisation {@code load(i)} with 20 users
     * per pod at 100 % and the p95 {@code p95} gives for it, against an SLO of {@code sloMs}.
     */
    static Capacity observed(int n, IntToDoubleFunction load, DoubleUnaryOperator p95, double sloMs) {
        return observed(Capacity.initial(0.5), n, load, p95, sloMs);
    }

    /** {@code c} after {@code n} more observations. */
    static Capacity observed(Capacity c, int n, IntToDoubleFunction load, DoubleUnaryOperator p95, double sloMs) {
        for (int i = 0; i < n; i++) {
            double u = load.applyAsDouble(i);
            c = c.observe(u, 20 * u, p95.applyAsDouble(u), sloMs);
        }
        return c;
    }

    @Test
    void learnsTheLoadAPodCarriesAtFullUtilisation() {
        Random r = new Random(1);
        Capacity c = observed(200, i -> 0.1 + 0.8 * r.nextDouble(), CapacityTest::p95, 200);
        assertThat(c.perPod()).isCloseTo(20, offset(0.01));
        assertThat(c.observe(0.99, 25, 5000, 200)).as("saturated pods teach nothing").isEqualTo(c);
        assertThat(c.observe(0.01, 0.2, 50, 200)).as("idle pods teach nothing").isEqualTo(c);
    }

    @Test
    void findsTheUtilisationWhereTheMedianP95CrossesTheSlo() {
        Random r = new Random(2);
        Capacity c = observed(3000, i -> 0.2 + 0.75 * r.nextDouble(), u -> p95(u) * (1 + 0.05 * r.nextGaussian()), 200);
        // p95(u) = 200 ms at u ≈ 0.813
        assertThat(c.utilisationAtSlo(200)).isCloseTo(0.813, offset(0.03));
        Capacity.Curve curve = c.curve(200);
        assertThat(curve.at(0.5)).isZero();
        assertThat(curve.at(0.93)).isGreaterThan(0.5);
        assertThat(curve.highestWithin(0.001)).isBetween(0.7, 0.82);
    }

    /**
     * A device that queues nothing until its slots are full (fixed service time, even arrivals)
     * shows a flat p95 at every load seen: the curve says nothing of where it breaks, and the aim
     * goes no further beyond the busiest band than the bands seen span (in u / (1 − u)), not to
     * the ceiling. Seen 10–60 %: at most u / (1 − u) = 2 × 1.5 − 0.11, about 74 %.
     */
    @Test
    void aFlatCurveIsNotExtrapolatedFurtherThanTheBandsSeenSpan() {
        Capacity c = observed(300, i -> 0.1 + 0.5 * (i % 50) / 50, u -> 210, 400);
        double u = c.utilisationAtSlo(400);
        assertThat(u).as("beyond the busiest band seen (~0.6)").isGreaterThan(0.6).isLessThan(0.76);
        assertThat(u).isLessThan(Capacity.MAX_UTILISATION);
    }

    @Test
    void withEveryBandWithinTheSloItLooksAheadAlongTheQueueingCurveButNeverBelowThePrior() {
        Capacity c = observed(200, i -> 0.55 + 0.15 * (i % 10) / 10, CapacityTest::p95, 200);
        double u = c.utilisationAtSlo(200);
        assertThat(u).as("beyond the highest band seen (0.7)").isGreaterThan(0.7).isLessThanOrEqualTo(0.95);
        Capacity idle = Capacity.initial(0.6);
        for (int i = 0; i < 50; i++) {
            idle = idle.observe(0.1, 2, 51, 200);
        }
        assertThat(idle.utilisationAtSlo(200)).isGreaterThanOrEqualTo(0.6);
        assertThat(Capacity.initial(0.65).utilisationAtSlo(200)).as("no evidence: the prior").isEqualTo(0.65);
    }

    /** p95 of a pod with eight slots and 100 ms service: flat, then a sharp knee. */
    static double p95EightSlots(double u) {
        return 100 + 3 * 50 * Math.pow(u, Math.sqrt(18) - 1) / (8 * (1 - u));
    }

    @Test
    void aSharpKneeIsNotReadFurtherOutThanItIs() {
        // where p95 = 200 ms, by bisection
        double lo = 0;
        double hi = 0.999;
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (p95EightSlots(mid) < 200) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double crossing = lo;
        // bands up to 0.75, every one within the SLO
        Capacity c = observed(400, i -> 0.1 + 0.65 * (i % 40) / 40.0, CapacityTest::p95EightSlots, 200);
        // a slope averaged over every band read it at 0.918, four points past the knee: a climb
        // there breaks the SLO before any band shows it
        assertThat(c.utilisationAtSlo(200)).as("beyond the highest band seen, near the knee at %.3f", crossing)
                .isGreaterThan(0.74).isLessThan(crossing + 0.02);
    }

    /**
     * A start at 82 % busy breaks the SLO; the pods added then run at 10–30 %, where it holds. A line
     * drawn from 30 % (none broken) to 82 % (all broken) keeps the aim at 30 % for good, and the band
     * at 82 % is never revisited to be forgotten. Nothing was seen between them: the aim goes as far
     * beyond 30 % as the bands that hold allow (u / (1 − u) = 2 × 0.43 − 0.11, about 43 %), and
     * never into the band below the broken one (75–80 %).
     */
    @Test
    void aGapBelowABrokenBandIsExploredFromBelowNotDrawnAcross() {
        Capacity c = observed(10, i -> 0.82, u -> 260, 200);
        c = observed(c, 300, i -> 0.1 + 0.2 * (i % 20) / 20.0, u -> 60, 200);
        Capacity.Curve curve = c.curve(200);
        double aim = curve.highestWithin(0.001);
        assertThat(aim).as("beyond the bands that hold").isGreaterThan(0.35).isLessThan(0.75);
        // once the pods run there and it holds, the next step goes further, still short of 75 %
        Capacity further = observed(c, 300, i -> 0.3 + (aim - 0.3) * (i % 20) / 20.0, u -> 70, 200);
        double next = further.curve(200).highestWithin(0.001);
        assertThat(next).isGreaterThan(aim + 0.03).isLessThanOrEqualTo(0.75);
        // where it breaks just above, the aim stays just below: bands side by side are drawn across
        Capacity knee = observed(further, 100, i -> 0.76 + 0.03 * (i % 3) / 3.0, u -> 240, 200);
        knee = observed(knee, 300, i -> 0.71 + 0.04 * (i % 20) / 20.0, u -> 120, 200);
        assertThat(knee.curve(200).highestWithin(0.001)).isLessThan(0.76);
    }

    /**
     * 400 intervals swept over 20–60 % busy (about 50 a band), every p95 within the SLO, the
     * {@code i}-th with {@code brokenShare(i)} of its requests at pods that broke it.
     */
    static Capacity swept(IntToDoubleFunction brokenShare) {
        Capacity c = Capacity.initial(0.5);
        for (int i = 0; i < 400; i++) {
            double u = 0.2 + 0.4 * (i % 40) / 40.0;
            c = c.observe(u, 20 * u, 150 * u, brokenShare.applyAsDouble(i), 200);
        }
        return c;
    }

    /**
     * Where each request goes to a pod at random, seconds break while the p95 of a whole interval
     * holds: at 55–60 % busy every interval's p95 is within the SLO, but 3 % of the requests met a
     * pod breaking it. Counted as such, that band is over the budget and the aim stays below it;
     * read from the interval's p95 alone, it goes beyond.
     */
    @Test
    void requestsThatMetABrokenPodCountAgainstTheBudgetWhereTheIntervalsP95Holds() {
        Capacity graded = swept(i -> i % 40 >= 35 ? 0.03 : 0); // 55–60 % busy
        Capacity whole = swept(i -> 0);
        assertThat(whole.curve(200).highestWithin(0.001)).isGreaterThan(0.6);
        assertThat(graded.curve(200).highestWithin(0.001)).isLessThan(0.56);
    }

    @Test
    void aBandIsJudgedByHowOftenItBrokeNotByTheSizeOfOneSmallBreak() {
        int once = 395; // at 55 %
        Capacity small = swept(i -> i == once ? 0.1 : 0); // two pods of twenty broke
        Capacity whole = swept(i -> i == once ? 1 : 0); // the interval's p95 broke
        // one break of a tenth of the requests in fifty intervals is a rate the budget may well allow;
        // a whole interval broken is not
        assertThat(small.curve(200).highestWithin(0.001)).isGreaterThan(0.6);
        assertThat(whole.curve(200).highestWithin(0.001)).isLessThan(0.56);
    }

    @Test
    void theEvidenceOfBreaksGrowsWithTheirNumberTowardsTheirRate() {
        assertThat(Capacity.evidence(0)).isZero();
        assertThat(Capacity.evidence(1)).isCloseTo(-Math.log(0.8), offset(0.01)); // P(N ≥ 1) = 1 − e^−λ = 0.2
        assertThat(Capacity.evidence(2)).isBetween(Capacity.evidence(1), 1.0);
        assertThat(Capacity.evidence(200)).isBetween(0.9, 1.0);
    }

    @Test
    void oneNoisyBandDoesNotMakeEveryBusierBandLookBroken() {
        double[] y = {0.0, 0.6, 0.0, 0.0, 0.1, 0.9};
        double[] w = {50, 3, 50, 50, 50, 50};
        Capacity.isotonic(y, w, y.length);
        for (int i = 1; i < y.length; i++) {
            assertThat(y[i]).isGreaterThanOrEqualTo(y[i - 1]);
        }
        assertThat(y[2]).as("pooled with the noisy band, not raised to it").isLessThan(0.1);
        assertThat(y[5]).isEqualTo(0.9);
    }
}
