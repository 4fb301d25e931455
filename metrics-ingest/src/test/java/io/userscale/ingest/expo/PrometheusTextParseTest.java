package io.userscale.ingest.expo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Prometheus text format 0.0.4: real outputs and the format's corners. */
class PrometheusTextParseTest {

    private static Sample only(Exposition e, String name, Map<String, String> labels) {
        List<Sample> found = e.samples(name).stream().filter(s -> s.labels().equals(labels)).toList();
        assertThat(found).as("%s%s", name, labels).hasSize(1);
        return found.get(0);
    }

    @Test
    void gpuAppMicrometerOutputIsReadWhole() {
        Exposition e = Exposition.parse(Fixtures.text(Fixtures.GPU_APP));

        assertThat(e.format()).isEqualTo(Format.PROMETHEUS_TEXT);
        assertThat(e.skipped()).isEmpty();
        assertThat(e.skippedCount()).isZero();
        assertThat(e.lineCount()).isEqualTo(131);
        assertThat(e.samples()).hasSize(85);
        assertThat(e.families()).hasSize(23);
        assertThat(e.families().values()).allSatisfy(f -> assertThat(f.help()).isNotNull());
    }

    @Test
    void gpuAppHistogramBucketsKeepTheirLabelsInOrderDespiteTrailingCommas() {
        Exposition e = Exposition.parse(Fixtures.text(Fixtures.GPU_APP));

        Sample bucket = only(e, "userscale_latency_ms_bucket", Map.of("uri", "/api/matmul", "le", "250.0"));
        assertThat(bucket.value()).isEqualTo(11.0);
        assertThat(bucket.labels().keySet()).containsExactly("uri", "le");
        assertThat(bucket.family()).isEqualTo("userscale_latency_ms");
        assertThat(bucket.timestampMs()).isNull();
        assertThat(only(e, "userscale_latency_ms_bucket", Map.of("uri", "/api/info", "le", "+Inf")).value())
                .isEqualTo(5.0);
        assertThat(only(e, "userscale_latency_ms_sum", Map.of("uri", "/api/matmul")).value()).isEqualTo(20759.0);
        assertThat(e.family("userscale_latency_ms").type()).isEqualTo(MetricType.HISTOGRAM);
        assertThat(e.family("userscale_latency_ms").help()).isEqualTo("API request latency, milliseconds");
        // simpleclient writes _max as a gauge family of its own
        assertThat(e.familyOf(e.samples("userscale_latency_ms_max").get(0)).type()).isEqualTo(MetricType.GAUGE);
    }

    @Test
    void gpuAppGaugesCountersAndSummaries() {
        Exposition e = Exposition.parse(Fixtures.text(Fixtures.GPU_APP));

        assertThat(only(e, "userscale_active_users", Map.of()).value()).isEqualTo(37.0);
        assertThat(only(e, "userscale_cpu_percent", Map.of()).value()).isEqualTo(63.25);
        assertThat(only(e, "userscale_inflight_requests", Map.of()).value()).isEqualTo(4.0);
        assertThat(only(e, "userscale_requests_total", Map.of("uri", "/api/info")).value()).isEqualTo(5.0);
        assertThat(e.family("userscale_requests_total").type()).isEqualTo(MetricType.COUNTER);
        assertThat(e.family("http_server_requests_seconds").type()).isEqualTo(MetricType.SUMMARY);
        assertThat(e.family("http_server_requests_seconds").help()).isEmpty(); // "# HELP name  "
        assertThat(only(e, "http_server_requests_seconds_count",
                Map.of("method", "POST", "outcome", "CLIENT_ERROR", "status", "400", "uri", "/api/matmul")).value())
                .isEqualTo(6.0);
        assertThat(only(e, "jvm_memory_max_bytes", Map.of("area", "heap", "id", "G1 Survivor Space")).value())
                .isEqualTo(-1.0);
        assertThat(only(e, "jvm_memory_max_bytes", Map.of("area", "nonheap", "id", "Compressed Class Space"))
                .value()).isEqualTo(1.073741824E9);
        assertThat(e.samples("jvm_memory_used_bytes")).extracting(s -> s.label("id"))
                .contains("CodeHeap 'profiled nmethods'");
    }

    @Test
    void nodeExporterEscapesAreUnescaped() {
        Exposition e = Exposition.parse(Fixtures.text(Fixtures.NODE_EXPORTER));

        assertThat(e.skipped()).isEmpty();
        assertThat(e.samples("node_filesystem_avail_bytes")).extracting(s -> s.label("device"))
                .containsExactly("/dev/nvme0n1p2", "C:\\", "tmpfs");
        assertThat(e.samples("node_network_info").get(0).label("ifalias")).isEqualTo("uplink to \"core\" switch");
        assertThat(e.samples("node_hwmon_sensor_label").get(0).label("label")).isEqualTo("Package id 0\nline two");
        assertThat(e.samples("node_systemd_unit_state").get(0).label("name"))
                .isEqualTo("dev-disk-by\\x2dlabel-root.device");
        assertThat(e.samples("node_os_info").get(0).label("build_id")).isEmpty();
        assertThat(e.samples("node_os_info").get(0).labels()).hasSize(12);
        assertThat(e.family("node_textfile_mtime_seconds").help()).isEqualTo(
                "Unixtime mtime of textfiles successfully read.\nOne sample per file; C:\\ paths keep their backslash.");
        assertThat(e.samples("node_cpu_seconds_total").get(0).value()).isEqualTo(1.23456789e6);
    }

    @Test
    void nodeExporterSummaryQuantilesAndColonNames() {
        Exposition e = Exposition.parse(Fixtures.text(Fixtures.NODE_EXPORTER));

        assertThat(e.family("go_gc_duration_seconds").type()).isEqualTo(MetricType.SUMMARY);
        assertThat(e.samples("go_gc_duration_seconds")).extracting(s -> s.label("quantile"))
                .containsExactly("0", "0.25", "0.5", "0.75", "1");
        assertThat(e.samples("go_gc_duration_seconds_count").get(0).family()).isEqualTo("go_gc_duration_seconds");
        Sample backup = e.samples("job:backup_last_success:timestamp_seconds").get(0);
        assertThat(backup.value()).isEqualTo(1.6999968e9);
        assertThat(backup.label("target")).isEqualTo("s3://backups/db");
        assertThat(e.family("job:backup_last_success:timestamp_seconds").type()).isEqualTo(MetricType.GAUGE);
    }

    @Test
    void specCornersTimestampsEscapesSpecialValues() {
        String text = """
                # HELP api_http_requests_total Requests by method and code.
                # TYPE api_http_requests_total counter
                api_http_requests_total{method="post",code="200"} 1027 1395066363000
                api_http_requests_total{method="post",code="400"}    3 1395066363000

                # a free comment, ignored
                dos_path_seconds{path="C:\\\\TEMP\\\\A.TXT",error="cannot open:\\n\\"A.TXT\\""} 1.458255915e9
                bare_metric 12.47
                before_epoch{problem="overflow"} +Inf -3982045
                """;
        Exposition e = Exposition.parse(text);

        assertThat(e.skipped()).isEmpty();
        assertThat(e.samples()).hasSize(5);
        Sample ok = only(e, "api_http_requests_total", Map.of("method", "post", "code", "200"));
        assertThat(ok.value()).isEqualTo(1027.0);
        assertThat(ok.timestampMs()).isEqualTo(1395066363000L);
        Sample dos = e.samples("dos_path_seconds").get(0);
        assertThat(dos.label("path")).isEqualTo("C:\\TEMP\\A.TXT");
        assertThat(dos.label("error")).isEqualTo("cannot open:\n\"A.TXT\"");
        assertThat(e.samples("bare_metric").get(0).labels()).isEmpty();
        Sample weird = e.samples("before_epoch").get(0);
        assertThat(weird.value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(weird.timestampMs()).isEqualTo(-3982045L);
        assertThat(e.family("bare_metric").type()).isEqualTo(MetricType.UNTYPED);
        assertThat(e.family("bare_metric").help()).isNull();
    }

    @Test
    void nanAndInfinitiesInAnyCase() {
        Exposition e = Exposition.parse("a NaN\nb nan\nc +Inf\nd -Inf\ne Inf\nf -inf\ng +Infinity\nh 1e308\ni -0.5e-3\n");

        assertThat(e.skipped()).isEmpty();
        assertThat(e.samples()).extracting(Sample::value).containsExactly(Double.NaN, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1e308, -0.5e-3);
    }

    @Test
    void whitespaceVariantsCrlfBlankLinesAndNoFinalNewline() {
        String text = "# TYPE  spaced_total\tcounter\r\n"
                + "\r\n"
                + "   spaced_total{a=\"1\"}\t\t7\r\n"
                + "spaced_total { b = \"2\" , c=\"3\" , } 8   \r\n"
                + "\t\n"
                + "spaced_total{}9\r\n"
                + "empty_labels{} 10";
        Exposition e = Exposition.parse(text);

        assertThat(e.skipped()).isEmpty();
        assertThat(e.lineCount()).isEqualTo(7);
        assertThat(e.family("spaced_total").type()).isEqualTo(MetricType.COUNTER);
        assertThat(e.samples()).extracting(Sample::value).containsExactly(7.0, 8.0, 9.0, 10.0);
        assertThat(e.samples().get(1).labels()).containsExactly(Map.entry("b", "2"), Map.entry("c", "3"));
        assertThat(e.samples().get(3).labels()).isEmpty();
        assertThat(e.samples()).allSatisfy(s -> assertThat(s.labels().values()).noneMatch(v -> v.contains("\r")));
    }

    @Test
    void unknownEscapesAreKeptAsWrittenAndUtf8Passes() {
        Exposition e = Exposition.parse("m{a=\"tab\\there\",b=\"Zürich ☃ 🚀\",c=\"#{},=\"} 1\n");

        assertThat(e.skipped()).isEmpty();
        Sample s = e.samples().get(0);
        assertThat(s.label("a")).isEqualTo("tab\\there");
        assertThat(s.label("b")).isEqualTo("Zürich ☃ 🚀");
        assertThat(s.label("c")).isEqualTo("#{},=");
    }

    @Test
    void quotedUtf8NamesOfNewerPrometheus() {
        Exposition e = Exposition.parse("""
                # TYPE "http.server.duration" gauge
                {"http.server.duration", "service.name"="api", le="1"} 3
                """);

        assertThat(e.skipped()).isEmpty();
        Sample s = e.samples().get(0);
        assertThat(s.name()).isEqualTo("http.server.duration");
        assertThat(s.labels()).containsExactly(Map.entry("service.name", "api"), Map.entry("le", "1"));
        assertThat(e.family("http.server.duration").type()).isEqualTo(MetricType.GAUGE);
    }

    @Test
    void hashInsideCommentsAndHelpOnlyFamilies() {
        Exposition e = Exposition.parse("""
                #TYPE not_a_type_line gauge
                # HELP only_help Help, but no type.
                only_help 1
                # EOF is just a comment in the Prometheus text format
                after 2
                """, Format.PROMETHEUS_TEXT);

        assertThat(e.skipped()).isEmpty();
        assertThat(e.samples()).extracting(Sample::name).containsExactly("only_help", "after");
        assertThat(e.family("only_help")).isEqualTo(new Family("only_help", MetricType.UNTYPED, "Help, but no type.",
                null));
        assertThat(e.family("not_a_type_line")).isNull();
    }

    @Test
    void byteOrderMarkAndNullText() {
        assertThat(Exposition.parse("\uFEFFup 1\n").samples()).extracting(Sample::name).containsExactly("up");
        Exposition empty = Exposition.parse((String) null);
        assertThat(empty.samples()).isEmpty();
        assertThat(empty.skipped()).isEmpty();
        assertThat(empty.lineCount()).isZero();
    }
}
