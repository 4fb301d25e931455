package io.userscale.ingest.expo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code userscale scrape} prints: JSON, and text for people. */
class ScrapeReportTest {

    /** The gpu-app fixture with two damaged lines: line 3 and the users gauge. */
    private static Exposition damagedGpuApp() {
        String text = Fixtures.text(Fixtures.GPU_APP)
                .replace("jvm_buffer_memory_used_bytes{id=\"mapped - 'non-volatile memory'\",} 0.0",
                        "jvm_buffer_memory_used_bytes{id=\"mapped - 'non-volatile memory'\",} abc")
                .replace("userscale_active_users 37.0", "userscale_active_users{pod=\"x} 37.0");
        return Exposition.parse(text);
    }

    @Test
    void jsonHasCountsSkippedLinesAndSignals() {
        ObjectNode json = ScrapeReport.of(damagedGpuApp(), SignalMapping.defaults()).toJson();

        assertThat(json.get("format").asText()).isEqualTo("prometheus");
        assertThat(json.get("families").asInt()).isEqualTo(23);
        assertThat(json.get("samples").asInt()).isEqualTo(83);
        assertThat(json.get("skippedTotal").asInt()).isEqualTo(2);
        assertThat(json.get("skipped").get(0).get("line").asInt()).isEqualTo(3);
        assertThat(json.get("skipped").get(0).get("reason").asText()).isEqualTo("bad value 'abc'");
        assertThat(json.get("skipped").get(1).get("reason").asText()).isEqualTo("unterminated label value");
        JsonNode signals = json.get("signals");
        assertThat(signals.get("users").isNull()).isTrue();
        assertThat(signals.get("gpuPercent").isNull()).isTrue();
        assertThat(signals.get("cpuPercent").asDouble()).isEqualTo(63.25);
        assertThat(signals.get("inflight").asDouble()).isEqualTo(4.0);
        assertThat(signals.get("requests").asDouble()).isEqualTo(25.0);
        JsonNode latency = signals.get("latencyMs");
        assertThat(latency.get("count").asDouble()).isEqualTo(25.0);
        assertThat(latency.get("sum").asDouble()).isEqualTo(20863.0);
        List<String> bounds = new ArrayList<>();
        latency.get("buckets").fieldNames().forEachRemaining(bounds::add);
        assertThat(bounds).containsExactly("25.0", "50.0", "100.0", "250.0", "500.0", "1000.0", "2500.0", "5000.0",
                "+Inf");
        assertThat(latency.get("buckets").get("250.0").asDouble()).isEqualTo(16.0);
        assertThat(json.fieldNames()).toIterable().containsExactly("format", "families", "samples", "skippedTotal",
                "skipped", "signals");
    }

    @Test
    void jsonTextIsValidJson() throws Exception {
        String text = ScrapeReport.of(Exposition.parse(Fixtures.text(Fixtures.OPENMETRICS)), SignalMapping.defaults())
                .toJsonText();

        JsonNode back = new ObjectMapper().readTree(text);
        assertThat(back.get("format").asText()).isEqualTo("openmetrics");
        assertThat(back.get("signals").get("gpuPercent").asDouble()).isEqualTo(88.0);
        assertThat(back.get("skipped")).isEmpty();
    }

    @Test
    void absentHistogramIsNull() {
        ObjectNode json = ScrapeReport.of(Exposition.parse("up 1\n"), SignalMapping.defaults()).toJson();

        assertThat(json.get("signals").get("latencyMs").isNull()).isTrue();
        assertThat(json.get("families").asInt()).isEqualTo(1);
    }

    @Test
    void textShowsSignalsFirstThenSkippedLines() {
        String text = ScrapeReport.of(damagedGpuApp(), SignalMapping.defaults()).toText();

        assertThat(text).startsWith("signals (prometheus, 23 families, 83 samples)\n");
        assertThat(text).contains("  users          absent\n", "  cpu percent    63.25\n",
                "  gpu percent    absent\n", "  inflight       4\n", "  requests       25 (cumulative)\n",
                "  latency ms     count 25, sum 20863 (cumulative)\n", "    le 250.0       16\n",
                "    le +Inf        25\n");
        assertThat(text).endsWith("skipped lines: 2\n  line 3: bad value 'abc'\n"
                + "  line 56: unterminated label value\n");
        assertThat(text.indexOf("le +Inf")).isLessThan(text.indexOf("skipped lines"));
    }

    @Test
    void textSaysWhenNothingWasSkippedAndWhenReasonsWereCut() {
        String clean = ScrapeReport.of(Exposition.parse(Fixtures.text(Fixtures.NODE_EXPORTER)),
                SignalMapping.defaults()).toText();
        assertThat(clean).endsWith("skipped lines: none\n");

        String many = ScrapeReport.of(Exposition.parse("x y\n".repeat(1005)), SignalMapping.defaults()).toText();
        assertThat(many).contains("skipped lines: 1005\n  line 1: bad value 'y'\n").endsWith("  (5 more not listed)\n");
    }
}
