package io.userscale.engine.policy;

import static io.userscale.engine.policy.Obs.concurrency;
import static org.assertj.core.api.Assertions.assertThat;

import io.userscale.kafka.contract.Decision.Mode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Conformance of the kpa policy with Knative's autoscaler.go (BASELINES.md §2). */
class KpaPolicyTest {

    static KpaPolicy kpa() {
        // containerConcurrency 10 → target 7 in flight per pod
        return new KpaPolicy(PolicyParams.defaults().with(Map.of("CONTAINER_CONCURRENCY", "10",
                "MAX_REPLICAS", "1000")));
    }

    @Test
    void steadyLoadAsksForCeilOfStableConcurrencyOverSeventyPercentOfCapacity() {
        var p = kpa();
        var s = p.initialState();
        Evaluation<KpaPolicy.State> e = null;
        for (int t = 0; t <= 120; t++) {
            e = p.evaluate(s, concurrency(t, 1, 1, 6, 1000));
            s = e.state();
        }
        assertThat(e.target()).isEqualTo(1); // 6 / 7 → 1
        for (int t = 121; t <= 300; t++) {
            e = p.evaluate(s, concurrency(t, 3, 3, 30, 1000));
            s = e.state();
        }
        assertThat(e.target()).isEqualTo(5); // ceil(30 / 7)
    }

    @Test
    void aSuddenBurstPanicsAndScalesOnTheSixSecondWindow() {
        var p = kpa();
        var s = p.initialState();
        for (int t = 0; t < 60; t++) {
            s = p.evaluate(s, concurrency(t, 1, 1, 5, 1000)).state();
        }
        Evaluation<KpaPolicy.State> e = null;
        for (int t = 60; t <= 66; t++) {
            e = p.evaluate(s, concurrency(t, 1, 1, 70, 1000));
            s = e.state();
        }
        assertThat(e.mode()).isEqualTo(Mode.BURST);
        // panic window of 6 s all at 70 → 10 pods; stable window (60 s) much lower
        assertThat(e.target()).isEqualTo(10);
    }

    @Test
    void noScaleDownWhilePanickingThenAtMostHalvingPerDecision() {
        var p = kpa();
        var s = p.initialState();
        for (int t = 0; t < 10; t++) {
            s = p.evaluate(s, concurrency(t, 1, 1, 140, 1000)).state(); // panic: 20 pods
        }
        int replicas = 20;
        Evaluation<KpaPolicy.State> e = null;
        for (int t = 10; t < 60; t++) { // load gone, still panicking: never below the panic max
            e = p.evaluate(s, concurrency(t, replicas, replicas, 0, 1000));
            s = e.state();
            assertThat(e.target()).isEqualTo(20);
        }
        // after a stable window without panic, scale down at most by half per decision
        int previous = 20;
        for (int t = 60; t < 200; t++) {
            e = p.evaluate(s, concurrency(t, previous, previous, 0, 1000));
            s = e.state();
            assertThat(e.target()).isGreaterThanOrEqualTo(previous / 2);
            previous = e.target();
        }
        assertThat(previous).isEqualTo(1);
    }

    @Test
    void aNewAutoscalerWithSeveralReadyPodsStartsInPanicAndKeepsTheScale() {
        var p = kpa();
        var e = p.evaluate(p.initialState(), concurrency(0, 8, 8, 1, 1000));
        assertThat(e.mode()).isEqualTo(Mode.BURST);
        assertThat(e.target()).isEqualTo(8);
    }

    @Test
    void windowAverageCountsSilentSecondsAsZeroButNotSecondsBeforeTheFirstDatum() {
        double[] b = new double[60];
        long[] sec = new long[60];
        java.util.Arrays.fill(sec, Long.MIN_VALUE);
        b[10] = 6;
        sec[10] = 10;
        b[12] = 6;
        sec[12] = 12;
        assertThat(KpaPolicy.windowAverage(b, sec, 10, 12, 6)).isEqualTo(4.0); // (6 + 0 + 6) / 3
    }
}
