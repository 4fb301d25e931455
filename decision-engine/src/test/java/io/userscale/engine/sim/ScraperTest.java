package io.userscale.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.userscale.engine.signal.Aggregator;
import io.userscale.engine.signal.Observation;
import io.userscale.kafka.contract.TargetSnapshot;
import io.userscale.kafka.contract.TargetSnapshot.PodSample;
import org.junit.jupiter.api.Test;

class ScraperTest {

    static final Model M = Model.defaults();

    @Test
    void podsAreReadAsMetricsIngestReadsThemAndAggregateToWhatTheModelServes() {
        ModelCluster c = new ModelCluster(M, Arrivals.FLUID, 1, 2);
        Scraper s = new Scraper(Simulation.targetOf("userscale"), 5, 0);
        double rate = 40; // half of what two pods serve
        for (int t = 0; t < 10; t++) {
            c.step(t, rate);
            if (s.readsAt(t + 1)) {
                s.read(c);
            }
        }
        TargetSnapshot snap = s.snapshot(c, 10);
        assertThat(snap.replicas()).isEqualTo(new TargetSnapshot.Replicas(2, 2));
        PodSample pod = snap.pods().get(0);
        assertThat(pod.requests()).isEqualTo(100.0); // 5 s × 20 req/s
        assertThat(pod.latencyMs().count()).isEqualTo(100.0);
        assertThat(pod.activeUsers()).isEqualTo(10.0); // 20 req/s ÷ 2 req/s per user
        assertThat(pod.cpuPercent()).isCloseTo(50.0, org.assertj.core.data.Offset.offset(1e-9));
        Observation o = Aggregator.observe(snap, 30_000);
        assertThat(o.rps()).isEqualTo(40.0);
        assertThat(o.users()).isEqualTo(20.0);
        assertThat(o.latency().quantile(0.95)).as("the model's p95, read back from gpu-app's buckets")
                .isCloseTo(M.p95AtUtilisation(0.5), org.assertj.core.data.Offset.offset(0.5));
    }

    @Test
    void aNewPodIsListedStartingThenServesAndItsFirstReadingHasNoCounterDeltas() {
        ModelCluster c = new ModelCluster(M, Arrivals.FLUID, 1, 1);
        Scraper s = new Scraper(Simulation.targetOf("userscale"), 5, 0);
        c.scaleTo(2, 0);
        TargetSnapshot starting = null;
        TargetSnapshot first = null;
        for (int t = 0; t < 40; t++) {
            c.step(t, 30);
            if (s.readsAt(t + 1)) {
                s.read(c);
            }
            if (t + 1 == 5) {
                starting = s.snapshot(c, t + 1);
            }
            if (t + 1 == 35) {
                first = s.snapshot(c, t + 1);
            }
        }
        PodSample newcomer = starting.pods().get(1);
        assertThat(newcomer.ready()).isFalse();
        assertThat(newcomer.startedAt()).isEqualTo(Scraper.EPOCH);
        assertThat(newcomer.activeUsers()).isNull();
        PodSample justReady = first.pods().get(1);
        assertThat(justReady.ready()).isTrue();
        assertThat(justReady.activeUsers()).isNotNull();
        assertThat(justReady.requests()).as("a first scrape has no delta").isNull();
        assertThat(first.pods().get(0).requests()).isNotNull();
    }

    @Test
    void theHpaSeesAWindowThatEndedSevenSecondsBeforeItsSync() {
        ModelCluster c = new ModelCluster(M, Arrivals.FLUID, 1, 4);
        Scraper hpa = Simulation.scraperFor("hpa", M);
        TargetSnapshot at30 = null;
        for (int t = 0; t < 30; t++) {
            c.step(t, t < 23 ? 20 : 140); // a step 7 s before the sync at 30 s
            if (hpa.readsAt(t + 1)) {
                hpa.read(c);
            }
            if (hpa.decidesAt(t + 1) && t + 1 == 30) {
                at30 = hpa.snapshot(c, t + 1);
            }
        }
        assertThat(at30.intervalMs()).isEqualTo(15_000);
        assertThat(at30.pods().get(0).activeUsers()).as("the step is not in the window yet").isEqualTo(2.5);
    }

    @Test
    void aPhaseMovesTheHpasSyncsAndTheirWindowsAlike() {
        Scraper hpa = Simulation.scraperFor("hpa", M, 4);
        // syncs at 4 + 15k (the first with a reading behind it at 19), each reading 7 s before
        assertThat(java.util.stream.LongStream.rangeClosed(1, 40).filter(hpa::decidesAt)).containsExactly(19L, 34L);
        assertThat(java.util.stream.LongStream.rangeClosed(1, 40).filter(hpa::readsAt)).containsExactly(12L, 27L);
        assertThat(java.util.stream.LongStream.rangeClosed(1, 40).filter(Simulation.scraperFor("hpa", M)::decidesAt))
                .containsExactly(15L, 30L);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Simulation.scraperFor("hpa", M, 15))
                .hasMessage("a phase of 15 s in a cycle of 15 s");
    }
}
