package io.userscale.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StabilizersTest {

    @ParameterizedTest(name = "bounds [{0},{1}] of {2} = {3}")
    @CsvSource({"1,10,0,1", "1,10,5,5", "1,10,11,10", "3,3,1,3"})
    void applyBounds(int min, int max, int x, int expected) {
        assertThat(Stabilizers.applyBounds(min, max, x)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1} with +{2}/-{3} = {4}")
    @CsvSource({"1,6,2,1,3", "1,2,2,1,2", "6,1,2,1,5", "6,5,2,3,5", "4,4,2,1,4"})
    void limitStep(int current, int target, int up, int down, int expected) {
        assertThat(Stabilizers.limitStep(current, target, up, down)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "up step from {0}: step {1}, {2}% = {3}")
    @CsvSource({"1,2,100,2", "5,2,100,5", "5,2,0,2", "3,1,50,2"})
    void upStep(int current, int step, double percent, int expected) {
        assertThat(Stabilizers.upStep(current, step, percent)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} replicas at {1} (target {2}, low {3}) -> {5}")
    @CsvSource({
            "2,75.2,50,35,0.1,4",   // above the band: ceil(2 × 1.504)
            "2,54,50,35,0.1,2",     // inside the band: hold
            "4,40,50,35,0.1,4",     // below target but above the low mark: hold
            "4,20,50,35,0.1,2",     // below the low mark: ceil(4 × 0.4)
            "0,30,50,35,0.1,1",     // no replicas and load: one, never a division by zero
            "0,0,50,35,0.1,0"})
    void proportional(int current, double value, double target, double low, double tol, int expected) {
        assertThat(Stabilizers.proportional(current, value, target, low, tol)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} users at {1} per pod -> {2}")
    @CsvSource({"25,10,3", "20,10,2", "0,10,0", "0.5,10,1"})
    void perPod(double users, double perPod, int expected) {
        assertThat(Stabilizers.perPod(users, perPod)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "window max since {0} = {1}")
    @CsvSource({"0,7", "15,5", "35,2"})
    void windowMax(long since, int expected) {
        long[] times = {10, 20, 30};
        int[] desires = {7, 5, 1};
        assertThat(Stabilizers.Desires.of(times, desires).max(since, 2)).isEqualTo(expected);
    }

    @Test
    void desiresInASharedLogReadAsTheWindowMaximumAndEarlierStatesStayAsTheyWere() {
        Random r = new Random(9);
        Stabilizers.Desires window = Stabilizers.Desires.empty();
        long[] times = new long[0];
        int[] desires = new int[0];
        List<Stabilizers.Desires> states = new ArrayList<>();
        for (int i = 0; i < 500; i++) { // past the log's first room, and windows of every length
            long now = 1000L * i;
            long since = now - 1000L * r.nextInt(80);
            int d = r.nextInt(20);
            window = window.add(now, d, since);
            int drop = 0;
            while (drop < times.length && times[drop] < since) {
                drop++;
            }
            times = Arrays.copyOfRange(times, drop, times.length + 1);
            desires = Arrays.copyOfRange(desires, drop, desires.length + 1);
            times[times.length - 1] = now;
            desires[desires.length - 1] = d;
            assertThat(window.times()).containsExactly(times);
            assertThat(window.desires()).containsExactly(desires);
            long from = now - 1000L * r.nextInt(90);
            int highest = 3; // every desire from then on, scanned
            for (int j = 0; j < times.length; j++) {
                highest = times[j] >= from ? Math.max(highest, desires[j]) : highest;
            }
            assertThat(window.max(from, 3)).isEqualTo(highest);
            states.add(window);
        }
        Stabilizers.Desires earlier = states.get(400);
        int[] before = earlier.desires();
        Stabilizers.Desires a = earlier.add(400_500, 100, 0);
        Stabilizers.Desires b = earlier.add(400_500, 200, 0);
        assertThat(earlier.desires()).containsExactly(before);
        assertThat(a.max(400_500, 0)).isEqualTo(100);
        assertThat(b.max(400_500, 0)).isEqualTo(200);
        assertThat(Stabilizers.Desires.of(a.times(), a.desires()).desires()).containsExactly(a.desires());
    }
}
