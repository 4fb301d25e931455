package io.userscale.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

class SeasonalTest {

    static final long STEP_MS = 5000;
    static final double HORIZON_S = 35;

    /** 100 with noise, and a job adding 80 for 60 s every {@code everyS} from 120 s into each cycle. */
    static double jobs(long tMs, long everyS, Random r) {
        long inCycle = Math.floorMod(tMs / 1000 - 120, everyS);
        return 100 + 3 * r.nextGaussian() + (inCycle < 60 ? 80 : 0);
    }

    /** Feeds {@code n} observations every 5 s from 5 s; the last state. */
    static Seasonal feed(int n, LongToDoubleFunction demand) {
        Seasonal s = Seasonal.NONE;
        for (int i = 1; i <= n; i++) {
            long t = i * STEP_MS;
            s = s.observe(t, demand.applyAsDouble(t), HORIZON_S, 0);
        }
        return s;
    }

    @Test
    void aJobEveryFiveMinutesIsFoundAndItsRiseForeseenAHorizonAhead() {
        Random r = new Random(7);
        Seasonal s = Seasonal.NONE;
        int foreseen = 0;
        int jobs = 0;
        for (int i = 1; i <= 2 * 720; i++) { // two hours
            long t = i * STEP_MS;
            s = s.observe(t, jobs(t, 300, r), HORIZON_S, 0);
            long toNext = Math.floorMod(120 - t / 1000, 300);
            if (t > 3_600_000 && toNext == 20) { // 20 s before a job, in the second hour
                jobs++;
                double[] change = s.changes(t, HORIZON_S, STEP_MS);
                foreseen += change != null && change[1] > 60 ? 1 : 0;
            }
        }
        assertThat(s.periodS() % 300).as("the period found, %d s, is the jobs' or a multiple", s.periodS()).isZero();
        assertThat(s.periodS()).isPositive();
        assertThat(foreseen).as("jobs whose rise was foreseen 20 s ahead, of %d", jobs).isEqualTo(jobs);
        assertThat(jobs).isEqualTo(12);
    }

    @Test
    void loadWithNoCycleKeepsNone() {
        Random r = new Random(11);
        // noise around a level, a steady ramp, and a random walk of straight stretches (a 600 s trace
        // played second by second): none recurs on a clock. Beside each, the change level and trend
        // would forecast over the horizon (the slope it is on)
        double[] walk = new double[40];
        for (int k = 1; k < walk.length; k++) {
            walk[k] = Math.max(10, walk[k - 1] + 30 * r.nextGaussian());
        }
        record Load(LongToDoubleFunction demand, LongToDoubleFunction trend) {
        }
        List<Load> loads = List.of(
                new Load(t -> 100 + 10 * r.nextGaussian(), t -> 0),
                new Load(t -> 50 + t / 10_000.0, t -> HORIZON_S / 10),
                new Load(t -> {
                    double x = t / 600_000.0;
                    int k = (int) x;
                    return 200 + walk[k] + (walk[k + 1] - walk[k]) * (x - k);
                }, t -> {
                    int k = (int) (t / 600_000.0);
                    return (walk[k + 1] - walk[k]) * HORIZON_S / 600;
                }));
        for (Load load : loads) {
            Seasonal s = Seasonal.NONE;
            int withPeriod = 0;
            int n = 4 * 720; // four hours
            for (int i = 1; i <= n; i++) {
                long t = i * STEP_MS;
                s = s.observe(t, load.demand().applyAsDouble(t), HORIZON_S, load.trend().applyAsDouble(t));
                withPeriod += s.periodS() > 0 ? 1 : 0;
            }
            assertThat(withPeriod).as("observations that found a cycle, of %d", n).isLessThan(n / 100);
        }
    }

    @Test
    void aCycleIsUsedOnlyWhenItBeatsTheForecastThatKnowsNone() {
        // jobs every 5 minutes, and a forecast of the change that already knows them exactly: the
        // cycle adds nothing and is not used
        Random r = new Random(5);
        Seasonal s = Seasonal.NONE;
        int withPeriod = 0;
        for (int i = 1; i <= 2 * 720; i++) {
            long t = i * STEP_MS;
            double exact = jobs(t + 35_000, 300, new Random(0)) - jobs(t, 300, new Random(0));
            s = s.observe(t, jobs(t, 300, r), HORIZON_S, exact);
            withPeriod += i > 720 && s.periodS() > 0 ? 1 : 0;
        }
        assertThat(withPeriod).as("observations of the second hour that used a cycle").isZero();
    }

    @Test
    void earlierStatesStayAsTheyWereWhenLaterOnesGoTwoWays() {
        Random r = new Random(3);
        Seasonal common = feed(720, t -> jobs(t, 300, r));
        long t0 = 721 * STEP_MS;
        Seasonal up = common;
        Seasonal down = common;
        for (int i = 0; i < 100; i++) { // two futures appended in turn onto one shared history
            up = up.observe(t0 + i * STEP_MS, 1000, HORIZON_S, 0);
            down = down.observe(t0 + i * STEP_MS, 1, HORIZON_S, 0);
        }
        assertThat(common.valueAt(t0 + 50 * STEP_MS)).as("the common past's last value stands").isEqualTo(
                common.valueAt(t0 - STEP_MS));
        assertThat(up.valueAt(t0 + 50 * STEP_MS)).isEqualTo(1000);
        assertThat(down.valueAt(t0 + 50 * STEP_MS)).isEqualTo(1);
        assertThat(up.valueAt(t0 - STEP_MS)).isEqualTo(down.valueAt(t0 - STEP_MS));
    }

    @Test
    void observationsAreKeptAsLongAsTheLongestPeriodsCyclesNeed() {
        Seasonal s = feed((int) (Seasonal.KEEP_S * 1000 / STEP_MS) + 720, t -> t / 1000.0);
        long now = (Seasonal.KEEP_S * 1000 / STEP_MS + 720) * STEP_MS;
        assertThat(s.valueAt(now - Seasonal.KEEP_S * 1000 + STEP_MS)).isEqualTo((now - Seasonal.KEEP_S * 1000 + STEP_MS) / 1000.0);
        assertThat(s.valueAt(now - Seasonal.KEEP_S * 1000 - 60_000)).as("older than kept").isNaN();
    }

    @Test
    void demandIsFoundAtAnyTimeWhateverTheIntervals() {
        Random r = new Random(5);
        Seasonal s = Seasonal.NONE;
        List<long[]> seen = new ArrayList<>();
        long t = 1000;
        for (int i = 0; i < 6000; i++) { // steady intervals, then uneven ones with gaps of an hour
            t += i < 3000 ? 5000 : i % 500 == 0 ? 3_600_000 : 1 + r.nextInt(20_000);
            s = s.observe(t, i, HORIZON_S, 0);
            seen.add(new long[] {t, i});
            if (i == 2999 || i == 5999) {
                long kept = t - Seasonal.KEEP_S * 1000;
                for (int q = 0; q < 5000; q++) {
                    long at = kept - 10_000 + (long) (r.nextDouble() * (t - kept + 20_000));
                    double expected = Double.NaN; // the last observation kept at or before it
                    for (long[] o : seen) {
                        if (o[0] <= at && o[0] >= kept) {
                            expected = o[1];
                        }
                    }
                    double found = s.valueAt(at);
                    assertThat(Double.compare(found, expected)).as("demand at %d: %s, not %s", at, found, expected)
                            .isZero();
                }
            }
        }
    }
}
