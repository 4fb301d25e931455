package io.userscale.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.List;
import java.util.ArrayList;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ForecastTest {

    static final long STEP_MS = 5000;
    static final double HORIZON_S = 35;

    /** Feeds {@code values} every 5 s from t = 5 s. */
    static Forecast feed(Forecast f, double[] values, double target, double step) {
        return feed(f, values, HORIZON_S, target, step);
    }

    /** Feeds {@code values} every 5 s from t = 5 s with a horizon of {@code horizonS}. */
    static Forecast feed(Forecast f, double[] values, double horizonS, double target, double step) {
        for (int i = 0; i < values.length; i++) {
            f = f.observe((i + 1) * STEP_MS, values[i], horizonS, STEP_MS, 1, target, step);
        }
        return f;
    }

    @Test
    void theBoundsCoverNoisyDemandAboutAsOftenAsTheTargetAllows() {
        Random r = new Random(3);
        double[] v = new double[4000];
        for (int i = 0; i < v.length; i++) {
            v[i] = 100 + 15 * r.nextGaussian();
        }
        Forecast f = Forecast.initial(0.2);
        int covered = 0;
        int checked = 0;
        long perHorizon = Math.round(HORIZON_S * 1000 / STEP_MS);
        for (int i = 0; i < v.length; i++) {
            f = f.observe((i + 1) * STEP_MS, v[i], HORIZON_S, STEP_MS, 1, 0.2, 0.005);
            if (i > 1000 && i + perHorizon < v.length && i % 7 == 0) {
                double peak = Arrays.stream(v, i + 1, (int) (i + 1 + perHorizon)).max().orElseThrow();
                covered += peak <= f.horizon() ? 1 : 0;
                checked++;
            }
        }
        double coverage = (double) covered / checked;
        assertThat(coverage).as("share of horizons whose peak the bound covered").isBetween(0.7, 0.92);
        assertThat(f.alpha()).isBetween(0.05, 0.4);
        assertThat(f.arrival()).isLessThan(f.horizon()); // the end of a horizon is below its peak
    }

    @Test
    void missesWidenTheHeadroomAndHeldForecastsNarrowIt() {
        double[] calm = new double[600];
        Arrays.fill(calm, 100);
        Forecast settled = feed(Forecast.initial(0.2), calm, 0.2, 0.005);
        double[] rising = new double[60];
        for (int i = 0; i < rising.length; i++) {
            rising[i] = 100 + 40 * (i % 2); // every other interval above anything seen
        }
        Forecast missed = settled;
        for (int i = 0; i < rising.length; i++) {
            missed = missed.observe((calm.length + i + 1) * STEP_MS, rising[i], HORIZON_S, STEP_MS, 1, 0.2, 0.005);
        }
        assertThat(missed.alpha()).as("α after misses").isLessThan(settled.alpha());
        assertThat(settled.alpha()).as("α after held forecasts").isGreaterThan(0.2);
    }

    @Test
    void aSteadyRampIsFollowedAndANoisyWobbleIsNotExtrapolated() {
        double[] ramp = new double[120];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = 100 + 2 * i; // 0.4 per second
        }
        Forecast r = feed(Forecast.initial(0.2), ramp, 0.2, 0.005);
        assertThat(r.pointEnd()).as("the ramp %.1f s ahead", HORIZON_S)
                .isCloseTo(ramp[ramp.length - 1] + 0.4 * HORIZON_S, org.assertj.core.data.Offset.offset(3.0));

        Random rnd = new Random(5);
        double[] noise = new double[400];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = 100 + 30 * rnd.nextGaussian();
        }
        Forecast n = feed(Forecast.initial(0.2), noise, 0.2, 0.005);
        assertThat(n.noise().gain()).as("noise is averaged").isLessThan(0.5);
        assertThat(Math.abs(n.pointEnd() - n.level())).as("no trend read into noise").isLessThan(10);
    }

    /**
     * Traffic that turns at the hour's mark: straight lines between readings ten minutes apart, a
     * new slope from each (a trace recorded every ten minutes, as many are). With 2-minute start-ups,
     * a trend smoothed over the horizon learns a new slope in about a horizon, by when most of the
     * line is gone; the fast trend has it within an interval or two, its changes come closer, and
     * the forecast takes it.
     */
    @Test
    void aRampThatBeginsAtOnceIsForecastWithinIntervalsByTheTrendThatFollowsIt() {
        double horizonS = 125;
        Random r = new Random(11);
        int segment = 120; // ten minutes of 5 s intervals
        double[] v = new double[segment * 40];
        double x = 200;
        for (int s = 0; s < 40; s++) {
            double slope = (r.nextInt(5) - 2) * 0.05; // −0.1 … 0.1 users per second
            for (int i = 0; i < segment; i++) {
                v[s * segment + i] = x;
                x = Math.max(20, x + slope * STEP_MS / 1000.0);
            }
        }
        Forecast f = feed(Forecast.initial(0.2), v, horizonS, 0.2, 0.005);
        assertThat(f.fastTrendLeads()).as("the fast trend's changes came closer").isTrue();

        // then a climb of 0.5 users per second from a flat line: three intervals into it, the
        // forecast over the horizon has most of its rise (the slow trend alone: 4 %)
        double[] flat = new double[segment];
        Arrays.fill(flat, x);
        double[] climb = new double[3];
        for (int i = 0; i < climb.length; i++) {
            climb[i] = x + 0.5 * 5 * (i + 1);
        }
        long t = (long) v.length * STEP_MS;
        for (double d : flat) {
            t += STEP_MS;
            f = f.observe(t, d, horizonS, STEP_MS, 1, 0.2, 0.005);
        }
        for (double d : climb) {
            t += STEP_MS;
            f = f.observe(t, d, horizonS, STEP_MS, 1, 0.2, 0.005);
        }
        double rise = 0.5 * horizonS;
        assertThat(f.pointEnd() - climb[climb.length - 1]).as("the rise forecast over %.0f s", horizonS)
                .isGreaterThan(0.7 * rise);
    }

    /**
     * Swings that come and go within a horizon: straight lines 15 s long, each a new slope that
     * pulls back towards the mean, on no clock. A slope read at the level's pace is there one
     * interval and reversed a few later, and extrapolated over the horizon it misses by far. The
     * forecast keeps the slow trend.
     */
    @Test
    void swingsShorterThanTheHorizonKeepTheSlowTrend() {
        double horizonS = 125;
        Random r = new Random(13);
        double[] v = new double[3000];
        double x = 100;
        double slope = 0;
        for (int i = 0; i < v.length; i++) {
            if (i % 3 == 0) {
                slope = 0.1 * (100 - x) + 1.5 * r.nextGaussian(); // users per second, for 15 s
            }
            v[i] = x;
            x = Math.max(10, x + slope * STEP_MS / 1000.0);
        }
        Forecast f = feed(Forecast.initial(0.2), v, horizonS, 0.2, 0.005);
        assertThat(f.fastTrendLeads()).as("the fast trend missed by more").isFalse();
        assertThat(Math.abs(f.pointEnd() - f.level())).as("no swing extrapolated over the horizon").isLessThan(20);
    }

    @Test
    void demandFarAboveAnythingAllowedForIsABurstAndTheLevelJumps() {
        double[] calm = new double[300];
        Arrays.fill(calm, 100);
        Forecast f = feed(Forecast.initial(0.2), calm, 0.2, 0.005);
        assertThat(f.burst()).isFalse();
        Forecast b = f.observe((calm.length + 1) * STEP_MS, 300, HORIZON_S, STEP_MS, 1, 0.2, 0.005);
        assertThat(b.burst()).isTrue();
        assertThat(b.level()).as("twice the rise the mean shows").isCloseTo(500, org.assertj.core.data.Offset.offset(1.0));
    }

    /** Idle, then a burst of {@code height} for {@code burstSteps} intervals, then idle, {@code times} times. */
    static double[] bursts(int times, int idleSteps, int burstSteps, double height) {
        double[] v = new double[times * (idleSteps + burstSteps)];
        for (int k = 0; k < times; k++) {
            Arrays.fill(v, k * (idleSteps + burstSteps) + idleSteps, (k + 1) * (idleSteps + burstSteps), height);
        }
        return v;
    }

    @Test
    void burstsOverBeforeAHorizonHasPassedStopMakingTheLevelJump() {
        // 10 s bursts, each higher than any before (so each is a surprise), over long before the
        // 35 s horizon: pods started on them would come too late
        double[] v = new double[0];
        for (int k = 0; k < 7; k++) {
            double[] cycle = bursts(1, 30, 2, 50 * Math.pow(2, k));
            double[] joined = Arrays.copyOf(v, v.length + cycle.length);
            System.arraycopy(cycle, 0, joined, v.length, cycle.length);
            v = joined;
        }
        double[] idle = new double[30];
        double[] all = Arrays.copyOf(v, v.length + idle.length);
        Forecast f = feed(Forecast.initial(0.2), all, 0.2, 0.005);
        assertThat(f.persistence()).as("share of a burst still there a horizon later").isLessThan(0.2);
        Forecast b = f.observe((all.length + 1) * STEP_MS, 6400, HORIZON_S, STEP_MS, 1, 0.2, 0.005);
        assertThat(b.burst()).isTrue();
        assertThat(b.level()).as("at most the demand, no jump to twice the rise (12,800)").isLessThanOrEqualTo(6400);

        // a step that stays: the level jumps to it at once, as before any burst was seen
        double[] step = new double[120];
        Arrays.fill(step, 0, 60, 10);
        Arrays.fill(step, 60, 120, 150);
        Forecast s = feed(Forecast.initial(0.2), step, 0.2, 0.005);
        assertThat(s.persistence()).isGreaterThan(0.9);
    }

    @Test
    void residualsAreReadAgainstTypicalDemandSoBurstsFromIdleDoNotMultiplyBusyHeadroom() {
        // bursts of 150 from idle, then a busy spell around 100: the bound stays within a burst's
        // height of the level, where residuals relative to the idle forecast made it many times that
        // (the gaps differ, so that the bursts keep no clock a cycle could be read from)
        double[] v = new double[0];
        for (int k = 0; k < 40; k++) {
            double[] one = bursts(1, 14 + (k * 7) % 13, 4, 150);
            double[] joined = Arrays.copyOf(v, v.length + one.length);
            System.arraycopy(one, 0, joined, v.length, one.length);
            v = joined;
        }
        Forecast f = feed(Forecast.initial(0.2), v, 0.2, 0.005);
        double[] busy = new double[8];
        Arrays.fill(busy, 100);
        for (int i = 0; i < busy.length; i++) {
            f = f.observe((v.length + i + 1) * STEP_MS, busy[i], HORIZON_S, STEP_MS, 1, 0.2, 0.005);
        }
        assertThat(f.horizon()).isGreaterThan(100).isLessThan(100 + 2 * 150);
    }

    @Test
    void loadForeseenExactlyNeverPullsTheBoundBelowIt() {
        // a job every 5 minutes, exactly alike, for six hours: once its cycle is known no forecast
        // misses and ACI's miss level climbs; it stops at one half (the bound at the median residual,
        // the forecast itself), where at 1 the bound would be the single lowest residual of the
        // learning hour and fall below demand the forecast had foreseen
        double[] v = new double[6 * 720];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.floorMod((i + 1) * 5 - 120, 300) < 60 ? 180 : 100;
        }
        Forecast f = Forecast.initial(0.2);
        int perHorizon = (int) Math.round(HORIZON_S * 1000 / STEP_MS);
        int below = 0;
        for (int i = 0; i < v.length; i++) {
            f = f.observe((i + 1) * STEP_MS, v[i], HORIZON_S, STEP_MS, 1, 0.2, 0.005);
            if (i > 3 * 720 && i + perHorizon < v.length) {
                double peak = Arrays.stream(v, i + 1, i + 1 + perHorizon).max().orElseThrow();
                below += f.horizon() < peak ? 1 : 0;
            }
        }
        assertThat(f.alpha()).isLessThanOrEqualTo(Forecast.MAX_ALPHA);
        assertThat(below).as("observations of the last three hours whose bound was below the horizon's demand")
                .isZero();
    }

    @Test
    void residualsStaySortedAsTheyRollOver() {
        Random r = new Random(11);
        Forecast.Residuals res = Forecast.Residuals.NONE;
        for (int i = 0; i < 3 * Forecast.RESIDUALS; i++) {
            res = res.add(Math.round(r.nextGaussian() * 4) / 4.0); // with ties
            double[] ring = res.inOrder();
            Arrays.sort(ring);
            assertThat(res.sorted()).containsExactly(ring);
        }
        assertThat(res.count()).isEqualTo(Forecast.RESIDUALS);
    }

    @Test
    void residualsKeepTheLastOnesInOrderAndEarlierStatesStayAsTheyWere() {
        Forecast.Residuals res = Forecast.Residuals.NONE;
        List<Forecast.Residuals> states = new ArrayList<>();
        int n = 3 * Forecast.RESIDUALS + 7;
        for (int i = 0; i < n; i++) {
            states.add(res);
            res = res.add(i);
        }
        assertThat(res.inOrder()).as("the last ones, oldest first")
                .containsExactly(IntStream.range(n - Forecast.RESIDUALS, n).asDoubleStream().toArray());
        // a state added to twice: each branch sees its own residual, the other branch's is untouched
        Forecast.Residuals earlier = states.get(Forecast.RESIDUALS + 3);
        double[] before = earlier.inOrder();
        Forecast.Residuals a = earlier.add(-1);
        Forecast.Residuals b = earlier.add(-2);
        assertThat(earlier.inOrder()).containsExactly(before);
        assertThat(a.inOrder()[Forecast.RESIDUALS - 1]).isEqualTo(-1);
        assertThat(b.inOrder()[Forecast.RESIDUALS - 1]).isEqualTo(-2);
        assertThat(a.add(-3).inOrder()).endsWith(-1, -3);
        assertThat(b.sorted()[0]).isEqualTo(-2);
        assertThat(a.sorted()[0]).isEqualTo(-1);
    }

    @Test
    void theQuantileIsTheSplitConformalRank() {
        Forecast.Residuals res = Forecast.Residuals.NONE;
        for (int i = 1; i <= 99; i++) {
            res = res.add(i);
        }
        assertThat(res.quantile(0.1)).isEqualTo(90); // ceil(0.9 × 100) − 1 = index 89
        assertThat(res.quantile(0)).isEqualTo(99);
        assertThat(Forecast.Residuals.NONE.add(0.1).quantile(0.5)).as("few residuals: the cold-start headroom")
                .isEqualTo(Forecast.COLD_HEADROOM);
    }

    /**
     * Demand as a trace sampled every ten minutes makes it: straight 600 s climbs and falls between
     * random levels. A climb after a fall is trailed for a few intervals, each a surprise by a little,
     * and a surprise raises the level. The trend is learned from the level the observations make, and
     * from every interval but a step of a pod's load or more: read from the raised level, the next
     * interval's fall back from it was a falling trend; left unlearned in a surprise, it stayed at
     * the fall's slope while every interval of the climb surprised it. Either way the bound stood
     * below demand through most of the climb, and pods came a start-up late.
     */
    @Test
    void aClimbAfterAFallIsForecastRisingNotReadAsASeriesOfBursts() {
        Random r = new Random(13);
        double[] knots = new double[22];
        for (int k = 0; k < knots.length; k++) {
            knots[k] = 100 + 120 * r.nextDouble();
        }
        int per = 120; // 5 s intervals in 600 s
        Forecast f = Forecast.initial(0.2);
        int climbing = 0;
        int bursts = 0;
        int below = 0;
        for (int i = 0; i < (knots.length - 1) * per; i++) {
            int k = i / per;
            double v = knots[k] + (knots[k + 1] - knots[k]) * (i % per + 1) / per;
            f = f.observe((i + 1) * STEP_MS, v, 38, STEP_MS, 15, 0.2, 0.005);
            if (k >= 4 && knots[k + 1] > knots[k] + 20 && i % per >= 12) { // a climb, after its first minute
                climbing++;
                bursts += f.burst() ? 1 : 0;
                below += f.arrival() < v ? 1 : 0;
            }
        }
        assertThat(climbing).as("intervals climbing").isGreaterThan(400);
        assertThat(bursts).as("of %d intervals climbing, those read as a burst", climbing).isLessThan(climbing / 20);
        assertThat(below).as("of %d, those whose arrival bound was below demand already", climbing)
                .isLessThan(climbing / 20);
    }
}
