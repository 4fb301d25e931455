package io.userscale.ingest.expo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** OpenMetrics 1.0: families, UNIT, _total and _created, exemplars, timestamps in seconds, # EOF. */
class OpenMetricsParseTest {

    private final Exposition om = Exposition.parse(Fixtures.text(Fixtures.OPENMETRICS));

    @Test
    void fixtureIsDetectedAndReadWhole() {
        assertThat(om.format()).isEqualTo(Format.OPENMETRICS);
        assertThat(om.skipped()).isEmpty();
        assertThat(om.lineCount()).isEqualTo(59);
        assertThat(om.samples()).hasSize(36);
        assertThat(om.families().keySet()).containsExactly("userscale_active_users", "userscale_cpu_percent",
                "userscale_gpu_utilization_percent", "userscale_inflight_requests", "userscale_requests",
                "userscale_latency_ms", "acme_http_router_request_seconds", "acme_queue_depth", "acme_build",
                "acme_feature", "acme_clock_skew_seconds");
    }

    @Test
    void counterTotalAndCreatedBelongToTheirFamily() {
        assertThat(om.family("userscale_requests"))
                .isEqualTo(new Family("userscale_requests", MetricType.COUNTER, "API requests served.", null));
        assertThat(om.samples("userscale_requests_total")).extracting(Sample::family)
                .containsOnly("userscale_requests");
        assertThat(om.samples("userscale_requests_created")).extracting(Sample::family)
                .containsOnly("userscale_requests");
        assertThat(om.samples("userscale_latency_ms_created").get(0).family()).isEqualTo("userscale_latency_ms");
        assertThat(om.samples("acme_http_router_request_seconds_created")).hasSize(2)
                .allSatisfy(s -> assertThat(s.family()).isEqualTo("acme_http_router_request_seconds"));
        assertThat(om.family("userscale_requests_total")).isNull();
    }

    @Test
    void timestampsAreSecondsAndExemplarsAreDropped() {
        Sample matmul = om.samples("userscale_requests_total").get(0);
        assertThat(matmul.labels()).isEqualTo(Map.of("uri", "/api/matmul"));
        assertThat(matmul.value()).isEqualTo(1027.0);
        assertThat(matmul.timestampMs()).isEqualTo(1_700_000_000_250L);
        assertThat(om.samples("userscale_requests_total").get(1).timestampMs()).isNull();
        assertThat(om.samples("userscale_active_users").get(0).timestampMs()).isEqualTo(1_700_000_000_250L);

        Sample le50 = om.samples("userscale_latency_ms_bucket").stream()
                .filter(s -> s.label("le").equals("50")).findFirst().orElseThrow();
        assertThat(le50.value()).isEqualTo(640.0);
        assertThat(le50.labels()).containsOnlyKeys("le");
        assertThat(le50.timestampMs()).isNull();
        assertThat(om.samples()).noneMatch(s -> s.labels().containsKey("trace_id"));
    }

    @Test
    void unitHelpEscapesAndOtherTypes() {
        assertThat(om.family("userscale_cpu_percent").unit()).isEqualTo("percent");
        assertThat(om.family("userscale_latency_ms").unit()).isEqualTo("ms");
        assertThat(om.family("userscale_active_users").unit()).isNull();
        assertThat(om.family("userscale_gpu_utilization_percent").help())
                .isEqualTo("GPU utilisation, \"SM busy\" as NVML reports it.");
        assertThat(om.family("acme_queue_depth").type()).isEqualTo(MetricType.GAUGEHISTOGRAM);
        assertThat(om.samples("acme_queue_depth_gsum").get(0).family()).isEqualTo("acme_queue_depth");
        assertThat(om.family("acme_build").type()).isEqualTo(MetricType.INFO);
        assertThat(om.samples("acme_build_info").get(0).label("revision")).isEqualTo("a1b2c3d");
        assertThat(om.family("acme_feature").type()).isEqualTo(MetricType.STATESET);
        assertThat(om.family("acme_clock_skew_seconds").type()).isEqualTo(MetricType.UNTYPED);
        assertThat(om.samples("acme_clock_skew_seconds")).extracting(Sample::value)
                .containsExactly(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        assertThat(om.samples("userscale_gpu_utilization_percent").get(1).value()).isNaN();
    }

    @Test
    void linesAfterEofAreSkipped() {
        String text = Fixtures.text(Fixtures.OPENMETRICS) + "late_metric 1\n\n# HELP late_metric too late\n";
        Exposition e = Exposition.parse(text);

        assertThat(e.samples()).hasSize(36);
        assertThat(e.samples("late_metric")).isEmpty();
        assertThat(e.skipped()).containsExactly(new SkippedLine(60, "line after # EOF"),
                new SkippedLine(62, "line after # EOF"));
    }

    @Test
    void missingEofIsReported() {
        String text = """
                # TYPE queue_size gauge
                # UNIT queue_size items
                queue_size 4
                """;
        Exposition e = Exposition.parse(text);

        assertThat(e.format()).isEqualTo(Format.OPENMETRICS);
        assertThat(e.samples()).hasSize(1);
        assertThat(e.skipped()).containsExactly(new SkippedLine(4, "missing # EOF: the exposition may be truncated"));
    }

    @Test
    void theFormatDecidesWhatATimestampMeans() {
        String text = "up 1 1700000000\n";
        assertThat(Exposition.parse(text).samples().get(0).timestampMs()).isEqualTo(1_700_000_000L);
        assertThat(Exposition.parse(text + "# EOF\n").samples().get(0).timestampMs())
                .isEqualTo(1_700_000_000_000L);
        assertThat(Exposition.parse(text, Format.OPENMETRICS).samples().get(0).timestampMs())
                .isEqualTo(1_700_000_000_000L);

        Exposition fractional = Exposition.parse("up 1 1700000000.5\n", Format.PROMETHEUS_TEXT);
        assertThat(fractional.samples()).isEmpty();
        assertThat(fractional.skipped()).containsExactly(
                new SkippedLine(1, "bad timestamp '1700000000.5' (want integer milliseconds)"));
    }

    @Test
    void eofWithoutFinalNewlineAndCrlf() {
        Exposition e = Exposition.parse("# TYPE a gauge\r\na 1.5\r\n# EOF");

        assertThat(e.format()).isEqualTo(Format.OPENMETRICS);
        assertThat(e.skipped()).isEmpty();
        assertThat(e.samples()).extracting(Sample::value).containsExactly(1.5);
    }

    @Test
    void badExemplarsSkipTheirLine() {
        Exposition e = Exposition.parse("""
                # TYPE h histogram
                h_bucket{le="1"} 1 # {trace_id="a"} 0.5
                h_bucket{le="2"} 2 # trace_id="b" 0.5
                h_bucket{le="+Inf"} 3 # {trace_id="c"} fast
                h_count 3 # {trace_id="d"}
                h_sum 4 # {trace_id="e"} 1 2 3
                # EOF
                """);

        assertThat(e.samples()).extracting(Sample::name).containsExactly("h_bucket");
        assertThat(e.skipped()).containsExactly(
                new SkippedLine(3, "bad exemplar: expected '{'"),
                new SkippedLine(4, "bad exemplar: bad value 'fast'"),
                new SkippedLine(5, "bad exemplar: missing value"),
                new SkippedLine(6, "bad exemplar: unexpected text '3'"));
    }

    @Test
    void contentTypesNameTheFormat() {
        assertThat(Format.fromContentType("application/openmetrics-text; version=1.0.0; charset=utf-8"))
                .isEqualTo(Format.OPENMETRICS);
        assertThat(Format.fromContentType("text/plain; version=0.0.4; charset=utf-8"))
                .isEqualTo(Format.PROMETHEUS_TEXT);
        assertThat(Format.fromContentType("application/json")).isEqualTo(Format.AUTO);
        assertThat(Format.fromContentType(null)).isEqualTo(Format.AUTO);
    }
}
