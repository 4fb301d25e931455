package io.userscale.ingest.expo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.userscale.kafka.contract.TargetSnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cumulative counters and histograms turned into per-interval deltas, pod by pod. */
class CounterDeltasTest {

    /** gpu-app's exposition after {@code requests} requests, with the given latency histogram. */
    private static Signals scrape(double requests, double count, double sum, double... buckets) {
        StringBuilder b = new StringBuilder("""
                # TYPE userscale_requests_total counter
                userscale_requests_total %s
                # TYPE userscale_latency_ms histogram
                """.formatted(requests));
        String[] bounds = {"25.0", "100.0", "+Inf"};
        for (int i = 0; i < buckets.length; i++) {
            b.append("userscale_latency_ms_bucket{le=\"").append(bounds[i]).append("\",} ").append(buckets[i])
                    .append('\n');
        }
        b.append("userscale_latency_ms_count ").append(count).append('\n');
        b.append("userscale_latency_ms_sum ").append(sum).append('\n');
        Exposition e = Exposition.parse(b.toString());
        assertThat(e.skipped()).isEmpty();
        return Signals.extract(e, SignalMapping.defaults());
    }

    /** What a pod's second scrape gives, after its first. */
    private static IntervalDeltas secondScrape(Signals first, Signals second) {
        CounterDeltas deltas = new CounterDeltas();
        deltas.update("pod-a", first);
        return deltas.update("pod-a", second);
    }

    @Test
    void theFirstScrapeHasNoDeltaNotZero() {
        CounterDeltas deltas = new CounterDeltas();

        IntervalDeltas first = deltas.update("pod-a", scrape(25, 25, 1000, 6, 20, 25));

        assertThat(first.requests()).isNull();
        assertThat(first.latencyMs()).isNull();
        assertThat(first.latencyHistogram()).isNull();
        assertThat(first.reset()).isFalse();
    }

    @Test
    void theNextScrapeGivesTheIncrease() {
        IntervalDeltas d = secondScrape(scrape(25, 25, 1000, 6, 20, 25), scrape(40, 40, 1900, 8, 31, 40));

        assertThat(d.requests()).isEqualTo(15.0);
        assertThat(d.reset()).isFalse();
        assertThat(d.latencyMs().count()).isEqualTo(15.0);
        assertThat(d.latencyMs().sum()).isEqualTo(900.0);
        assertThat(d.latencyMs().buckets()).containsExactly(entry("25.0", 2.0), entry("100.0", 11.0),
                entry("+Inf", 15.0));
    }

    @Test
    void theLatencyDeltaBuildsTheContractHistogram() {
        TargetSnapshot.LatencyHistogram h = secondScrape(scrape(25, 25, 1000, 6, 20, 25),
                scrape(40, 40, 1900, 8, 31, 40)).latencyHistogram();

        assertThat(h).isEqualTo(new TargetSnapshot.LatencyHistogram(15, 900,
                Map.of("25.0", 2.0, "100.0", 11.0, "+Inf", 15.0)));
        assertThat(h.parsedBuckets().bound(0)).isEqualTo(25.0);
        assertThat(h.parsedBuckets().bound(2)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(h.parsedBuckets().countArray()).containsExactly(2.0, 11.0, 15.0);
    }

    @Test
    void aLowerCounterMeansARestartAndTheNewValueIsTheDelta() {
        CounterDeltas deltas = new CounterDeltas();
        deltas.update("pod-a", scrape(400, 400, 9000, 100, 380, 400));

        IntervalDeltas d = deltas.update("pod-a", scrape(7, 7, 120, 3, 7, 7));

        assertThat(d.requests()).isEqualTo(7.0);
        assertThat(d.reset()).isTrue();
        assertThat(d.latencyMs().reset()).isTrue();
        assertThat(d.latencyHistogram()).isEqualTo(new TargetSnapshot.LatencyHistogram(7, 120,
                Map.of("25.0", 3.0, "100.0", 7.0, "+Inf", 7.0)));

        IntervalDeltas after = deltas.update("pod-a", scrape(10, 10, 200, 4, 10, 10));
        assertThat(after.requests()).isEqualTo(3.0);
        assertThat(after.reset()).isFalse();
    }

    @Test
    void aBucketGoingDownIsARestartEvenWhenTheCountGrew() {
        IntervalDeltas d = secondScrape(scrape(30, 30, 3000, 10, 20, 30), scrape(35, 35, 500, 9, 35, 35));

        assertThat(d.requests()).isEqualTo(5.0);
        assertThat(d.latencyMs().reset()).isTrue();
        assertThat(d.latencyMs().count()).isEqualTo(35.0);
        assertThat(d.latencyMs().buckets()).containsEntry("25.0", 9.0);
        assertThat(d.reset()).isTrue();
    }

    @Test
    void newBucketBoundsMeanANewProcess() {
        CumulativeHistogram before = new CumulativeHistogram(10.0, 100.0, Map.of("25.0", 4.0, "+Inf", 10.0));
        CumulativeHistogram after = new CumulativeHistogram(12.0, 130.0,
                Map.of("25.0", 5.0, "50.0", 8.0, "+Inf", 12.0));

        HistogramDelta d = HistogramDelta.between(before, after);

        assertThat(d.reset()).isTrue();
        assertThat(d.count()).isEqualTo(12.0);
        assertThat(d.buckets()).containsEntry("50.0", 8.0);
    }

    @Test
    void podsAreIndependentAndForgettingStartsOver() {
        CounterDeltas deltas = new CounterDeltas();
        deltas.update("pod-a", scrape(10, 10, 100, 1, 5, 10));
        deltas.update("pod-b", scrape(1000, 1000, 1e5, 10, 500, 1000));

        assertThat(deltas.update("pod-a", scrape(12, 12, 130, 1, 6, 12)).requests()).isEqualTo(2.0);
        assertThat(deltas.update("pod-b", scrape(1100, 1100, 1.1e5, 11, 550, 1100)).requests()).isEqualTo(100.0);
        assertThat(deltas.pods()).containsExactlyInAnyOrder("pod-a", "pod-b");

        deltas.retainOnly(List.of("pod-b"));
        assertThat(deltas.pods()).containsExactly("pod-b");
        assertThat(deltas.update("pod-a", scrape(20, 20, 200, 2, 9, 20)).requests()).isNull();

        deltas.forget("pod-b");
        assertThat(deltas.update("pod-b", scrape(1200, 1200, 1.2e5, 12, 600, 1200)).requests()).isNull();
    }

    @Test
    void aSeriesMissingFromAScrapeHasNoDeltaThenOrNext() {
        CounterDeltas deltas = new CounterDeltas();
        Signals none = Signals.extract(Exposition.parse("userscale_active_users 3\n"), SignalMapping.defaults());
        deltas.update("pod-a", scrape(10, 10, 100, 1, 5, 10));

        IntervalDeltas missing = deltas.update("pod-a", none);
        IntervalDeltas back = deltas.update("pod-a", scrape(12, 12, 120, 1, 6, 12));

        assertThat(List.of(missing, back)).as("the scrape without the series, and the next").allSatisfy(d -> {
            assertThat(d.requests()).isNull();
            assertThat(d.latencyMs()).isNull();
        });
    }

    @Test
    void aHistogramWithoutSumConvertsToNoContractHistogram() {
        HistogramDelta d = HistogramDelta.between(new CumulativeHistogram(1.0, null, Map.of("+Inf", 1.0)),
                new CumulativeHistogram(3.0, null, Map.of("+Inf", 3.0)));

        assertThat(d.count()).isEqualTo(2.0);
        assertThat(d.sum()).isNull();
        assertThat(d.toLatencyHistogram()).isNull();
    }
}
