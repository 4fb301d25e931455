package io.userscale.engine.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.contract.TargetSnapshot;
import io.userscale.kafka.contract.TargetSnapshot.LatencyHistogram;
import io.userscale.kafka.contract.TargetSnapshot.PodSample;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregatorTest {

    static final Instant TS = Instant.parse("2026-11-27T10:00:00Z");
    static final TargetRef T = TargetRef.deployment("ns", "app");

    static PodSample pod(String name, boolean ready, Instant started, Double users, Double cpu, Double gpu,
                         Double requests, LatencyHistogram latency) {
        return new PodSample(name, ready, started, users, cpu, gpu, requests, latency, null);
    }

    static TargetSnapshot snapshot(int spec, PodSample... pods) {
        return new TargetSnapshot(T, TS, 5000, new TargetSnapshot.Replicas(spec, pods.length), List.of(pods));
    }

    @Test
    void sumsUsersAveragesCpuAndGpuOverReadyPodsOnly() {
        Instant old = TS.minusSeconds(600);
        Observation o = Aggregator.observe(snapshot(3,
                pod("a", true, old, 10.0, 60.0, 50.0, 50.0, null),
                pod("b", true, old, 15.0, 80.0, null, 25.0, null),
                pod("c", false, old, 99.0, 100.0, 100.0, 100.0, null)), 30_000);
        assertThat(o.users()).isEqualTo(25);
        assertThat(o.cpuPercent()).isEqualTo(70);
        assertThat(o.gpuPercent()).isEqualTo(50);
        assertThat(o.rps()).isEqualTo(15);
        assertThat(o.readyPods()).isEqualTo(2);
        assertThat(o.unreadyPods()).isEqualTo(1);
        assertThat(o.p95Ms()).isNaN();
        assertThat(o.invalidValues()).isZero();
    }

    @Test
    void aReadyPodWithoutAReadingCountsAtItsPeersMeanNotAsZero() {
        Instant old = TS.minusSeconds(600);
        // c's scrape failed: summing a and b alone would read its share of the load as gone
        Observation o = Aggregator.observe(snapshot(3,
                pod("a", true, old, 10.0, 60.0, null, 50.0, null),
                pod("b", true, old, 20.0, 80.0, null, 25.0, null),
                pod("c", true, old, null, null, null, null, null)), 30_000);
        assertThat(o.users()).isEqualTo(45);
        assertThat(o.rps()).isEqualTo(22.5);
        assertThat(o.cpuPercent()).isEqualTo(70);
        assertThat(o.readyPods()).isEqualTo(3);
        // a pod on its first scrape has users but no counter delta yet: it served little of the
        // interval, so the rate is not scaled up for it
        Observation first = Aggregator.observe(snapshot(2,
                pod("a", true, old, 10.0, 60.0, null, 50.0, null),
                pod("b", true, TS.minusSeconds(3), 2.0, 80.0, null, null, null)), 30_000);
        assertThat(first.rps()).isEqualTo(10);
        assertThat(first.users()).isEqualTo(12);
    }

    @Test
    void podsInTheirWarmUpAreLeftOutOfCpuOnly() {
        Observation o = Aggregator.observe(snapshot(2,
                pod("old", true, TS.minusSeconds(600), 5.0, 40.0, null, null, null),
                pod("new", true, TS.minusSeconds(10), 5.0, 100.0, null, null, null)), 30_000);
        assertThat(o.cpuPercent()).isEqualTo(40);
        assertThat(o.cpuMissing()).isEqualTo(1);
        assertThat(o.users()).isEqualTo(10);
    }

    @Test
    void nanInfinityNegativesAndOutOfRangePercentagesBecomeUnknownAndAreCounted() {
        Observation o = Aggregator.observe(snapshot(2,
                pod("a", true, null, Double.NaN, 150.0, -1.0, Double.POSITIVE_INFINITY, null),
                pod("b", true, null, -3.0, 30.0, 20.0, 10.0, null)), 0);
        assertThat(o.users()).isNaN();
        assertThat(o.cpuPercent()).isEqualTo(30);
        assertThat(o.gpuPercent()).isEqualTo(20);
        assertThat(o.rps()).as("a answered, with an unusable counter: not scaled up").isEqualTo(2);
        assertThat(o.invalidValues()).isEqualTo(5);
    }

    @Test
    void podsThatServedNothingHaveNoLatencyProblemRatherThanAMissingSignal() {
        var idle = new LatencyHistogram(0, 0, Map.of("100", 0.0, "200", 0.0, "+Inf", 0.0));
        Observation o = Aggregator.observe(snapshot(2,
                pod("a", true, null, null, null, null, 0.0, idle),
                pod("b", true, null, null, null, null, 0.0, idle)), 0);
        assertThat(o.p95Ms()).isZero();
        Observation none = Aggregator.observe(snapshot(1, pod("a", true, null, null, null, null, null, null)), 0);
        assertThat(none.p95Ms()).as("no histogram at all stays unknown").isNaN();
    }

    @Test
    void p95ComesFromTheMergedHistogramOfAllReadyPods() {
        var a = new LatencyHistogram(100, 0, Map.of("100", 90.0, "200", 100.0, "+Inf", 100.0));
        var b = new LatencyHistogram(100, 0, Map.of("100", 50.0, "200", 90.0, "+Inf", 100.0));
        Observation o = Aggregator.observe(snapshot(2,
                pod("a", true, null, null, null, null, null, a),
                pod("b", true, null, null, null, null, null, b)), 0);
        // merged: ≤100: 140, ≤200: 190, +Inf: 200. rank 190 → exactly the 200 bound
        assertThat(o.p95Ms()).isCloseTo(200, within(1e-9));
    }

    @Test
    void aPodWithABrokenBucketStillMergesWithTheOthersAndIsCounted() {
        var bad = new LatencyHistogram(100, 0, Map.of("100", 50.0, "fast", 60.0, "200", 90.0, "+Inf", 100.0));
        var good = new LatencyHistogram(100, 0, Map.of("100", 90.0, "200", 100.0, "+Inf", 100.0));
        Observation o = Aggregator.observe(snapshot(3,
                pod("bad", true, null, null, null, null, null, bad),
                pod("good", true, null, null, null, null, null, good),
                pod("good2", true, null, null, null, null, null, good)), 0);
        // merged: ≤100: 230, ≤200: 290, +Inf: 300 → rank 285 in (100, 200]
        assertThat(o.p95Ms()).isCloseTo(100 + 100 * (55.0 / 60), within(1e-9));
        assertThat(o.invalidValues()).isEqualTo(1);
        Observation reversed = Aggregator.observe(snapshot(3,
                pod("good", true, null, null, null, null, null, good),
                pod("bad", true, null, null, null, null, null, bad),
                pod("good2", true, null, null, null, null, null, good)), 0);
        assertThat(reversed.p95Ms()).isEqualTo(o.p95Ms());
    }

    /**
     * Three ready pods: one served 50 requests with 10 % of them over 200 ms (its own p95 broke),
     * two served 100 each with none over. The merged p95 holds (5 of 250 over), but a fifth of the
     * requests met a pod breaking the SLO. A pod not ready, or with buckets that cannot be read,
     * counts for nothing.
     */
    @Test
    void theShareOfRequestsAtPodsBreakingTheSloIsSeenWhereTheMergedP95Holds() {
        var fine = new LatencyHistogram(100, 0, Map.of("100", 99.0, "200", 100.0, "+Inf", 100.0));
        var slow = new LatencyHistogram(50, 0, Map.of("100", 30.0, "200", 45.0, "+Inf", 50.0));
        var unreadable = new LatencyHistogram(50, 0, Map.of("100", 50.0, "fast", 1.0, "200", 50.0, "+Inf", 50.0));
        TargetSnapshot s = snapshot(5,
                pod("a", true, null, null, null, null, null, fine),
                pod("b", true, null, null, null, null, null, slow),
                pod("c", true, null, null, null, null, null, fine),
                pod("d", false, null, null, null, null, null, slow),
                pod("e", true, null, null, null, null, null, unreadable));
        assertThat(Aggregator.observe(s, 0).p95Ms()).isLessThan(200);
        assertThat(Aggregator.shareAtBrokenPods(s.pods(), 200)).isCloseTo(50.0 / 250, within(1e-12));
        assertThat(Aggregator.shareAtBrokenPods(s.pods(), 400)).as("no pod's p95 over 400 ms").isZero();
        assertThat(Aggregator.shareAtBrokenPods(List.of(pod("x", true, null, 1.0, 50.0, null, 10.0, null)), 200))
                .as("no histogram: unknown").isNaN();
    }

    @Test
    void noPodsMeansEverySignalUnknownAndNothingDividedByZero() {
        Observation o = Aggregator.observe(snapshot(0), 0);
        assertThat(o.readyPods()).isZero();
        assertThat(o.users()).isNaN();
        assertThat(o.cpuPercent()).isNaN();
        assertThat(o.rps()).isNaN();
    }
}
