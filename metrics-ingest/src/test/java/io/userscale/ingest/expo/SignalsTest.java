package io.userscale.ingest.expo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

/** The signals userscale takes from one pod's exposition. */
class SignalsTest {

    @Test
    void gpuAppSignalsAreSummedOverLabelSets() {
        Signals s = Signals.extract(Exposition.parse(Fixtures.text(Fixtures.GPU_APP)), SignalMapping.defaults());

        assertThat(s.users()).isEqualTo(37.0);
        assertThat(s.cpuPercent()).isEqualTo(63.25);
        assertThat(s.gpuPercent()).isNull(); // gpu-app on a CPU-only host exports no GPU series
        assertThat(s.inflight()).isEqualTo(4.0);
        assertThat(s.requests()).isEqualTo(25.0); // uri=/api/info 5 + uri=/api/matmul 20
        CumulativeHistogram latency = s.latencyMs();
        assertThat(latency.count()).isEqualTo(25.0);
        assertThat(latency.sum()).isEqualTo(20863.0); // 104 + 20759; _max is not the sum
        assertThat(latency.buckets()).containsExactly(entry("25.0", 6.0), entry("50.0", 9.0), entry("100.0", 13.0),
                entry("250.0", 16.0), entry("500.0", 19.0), entry("1000.0", 21.0), entry("2500.0", 22.0),
                entry("5000.0", 23.0), entry("+Inf", 25.0));
    }

    @Test
    void openMetricsSignalsLeaveNanOutAndReadTotals() {
        Signals s = Signals.extract(Exposition.parse(Fixtures.text(Fixtures.OPENMETRICS)), SignalMapping.defaults());

        assertThat(s.users()).isEqualTo(12.0);
        assertThat(s.cpuPercent()).isEqualTo(41.5);
        assertThat(s.gpuPercent()).isEqualTo(88.0); // gpu="1" is NaN and left out
        assertThat(s.inflight()).isEqualTo(3.0);
        assertThat(s.requests()).isEqualTo(1030.0); // _created samples are not requests
        assertThat(s.latencyMs().count()).isEqualTo(1030.0);
        assertThat(s.latencyMs().sum()).isEqualTo(61234.5);
        assertThat(s.latencyMs().buckets().keySet()).containsExactly("25", "50", "100", "250", "500", "1000", "2500",
                "5000", "+Inf");
        assertThat(s.latencyMs().bucket("500")).isEqualTo(1012.0);
    }

    @Test
    void bucketsAreSortedByBoundAndOneBoundKeepsItsFirstSpelling() {
        Exposition e = Exposition.parse("""
                # TYPE userscale_latency_ms histogram
                userscale_latency_ms_bucket{pod="a",le="+Inf"} 10
                userscale_latency_ms_bucket{pod="a",le="1e3"} 9
                userscale_latency_ms_bucket{pod="a",le="5"} 4
                userscale_latency_ms_bucket{pod="a",le="10"} 6
                userscale_latency_ms_bucket{pod="a",le="0.5"} 1
                userscale_latency_ms_bucket{pod="b",le="5.0"} 2
                userscale_latency_ms_bucket{pod="b",le="+Inf"} 2
                """);
        CumulativeHistogram h = Signals.extract(e, SignalMapping.defaults()).latencyMs();

        assertThat(h.buckets()).containsExactly(entry("0.5", 1.0), entry("5", 6.0), entry("10", 6.0),
                entry("1e3", 9.0), entry("+Inf", 12.0));
        assertThat(h.count()).isNull();
        assertThat(h.sum()).isNull();
    }

    @Test
    void absentSeriesAreNullNotZero() {
        Signals s = Signals.extract(Exposition.parse("other_metric 1\n"), SignalMapping.defaults());

        assertThat(s).isEqualTo(new Signals(null, null, null, null, null, null));
    }

    @Test
    void allNanIsAbsent() {
        Signals s = Signals.extract(Exposition.parse("userscale_active_users{a=\"1\"} NaN\n"
                + "userscale_active_users{a=\"2\"} nan\n"), SignalMapping.defaults());

        assertThat(s.users()).isNull();
    }

    @Test
    void aSeriesWrittenAtSeveralTimestampsCountsWithItsLastValue() {
        Exposition e = Exposition.parse("""
                # TYPE userscale_active_users gauge
                userscale_active_users{pod="a"} 3 1700000000
                userscale_active_users{pod="a"} 5 1700000005
                userscale_active_users{pod="b"} 1 1700000005
                # EOF
                """);

        assertThat(Signals.extract(e, SignalMapping.defaults()).users()).isEqualTo(6.0);
    }

    @Test
    void aMappingNamesOtherSeries() {
        Exposition e = Exposition.parse(Fixtures.text(Fixtures.NODE_EXPORTER));
        SignalMapping mapping = SignalMapping.defaults()
                .withUsers("node_scrape_collector_success")
                .withCpuPercent("node_textfile_mtime_seconds")
                .withGpuPercent(null)
                .withInflight("node_network_info")
                .withRequests("node_cpu_seconds")
                .withLatencyMs("go_gc_duration_seconds");
        Signals s = Signals.extract(e, mapping);

        assertThat(s.users()).isEqualTo(2.0);
        assertThat(s.cpuPercent()).isEqualTo(1.7000001e9);
        assertThat(s.gpuPercent()).isNull();
        assertThat(s.inflight()).isEqualTo(1.0);
        assertThat(s.requests()).isEqualTo(1.23456789e6 + 512.03 + 8731.44 + 40211.9); // name without _total
        assertThat(s.latencyMs().count()).isEqualTo(3154.0);
        assertThat(s.latencyMs().sum()).isEqualTo(0.183419);
        assertThat(s.latencyMs().buckets()).isEmpty();
    }
}
