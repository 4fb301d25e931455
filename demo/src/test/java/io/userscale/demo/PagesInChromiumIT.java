package io.userscale.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.userscale.loadgen.Loadgen;
import io.userscale.loadgen.Scenario;
import io.userscale.loadgen.TimeChart;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pages userscale writes for people — the demo's report and {@code simulate --chart} — opened
 * in a real headless Chromium: they load without console messages and draw their charts.
 */
class PagesInChromiumIT {

    /** The pages and their screenshots stay here, for people to look at. */
    final Path dir = Path.of("target", "pages");

    @BeforeAll
    static void needsChromium() throws Exception {
        Files.createDirectories(Path.of("target", "pages"));
        HeadlessChromium.whyNot().ifPresent(why -> System.out.println("[skipped] PagesInChromiumIT: " + why));
        Assumptions.assumeTrue(HeadlessChromium.whyNot().isEmpty(), () -> HeadlessChromium.whyNot().orElse(""));
    }

    /** A report of a made-up run: replicas step up after a load step, users follow. */
    static String sampleReport() {
        List<Row> rows = new ArrayList<>();
        for (int t = 1; t <= 90; t++) {
            int users = t < 30 ? 4 : 24;
            int spec = t < 33 ? 1 : 3;
            int ready = t < 40 ? 1 : 3;
            rows.add(new Row(t, users, users * 3.0, t < 40 && t >= 30 ? 900 : 120, spec, ready, (double) users,
                    t < 20 ? null : 60.0, null, 150.0));
        }
        Loadgen.Plan plan = new Loadgen.Plan(URI.create("http://127.0.0.1:8080/"), Scenario.BURST, 24, 90, 256, 200, 1,
                Duration.ofSeconds(30), 150, 1, null, 100);
        Summary sum = new Summary(3, 3, 1, 900.0, 120.0, 1.5, 45, 1, 1, Map.of("SUCCEEDED", 1), 30, 24, 24.0);
        return Report.html(Scenario.BURST, plan, 2, sum, rows, List.of(), 0);
    }

    @Test
    void theDemoReportDrawsItsChartsWithoutConsoleMessages() throws Exception {
        Path page = dir.resolve("report.html");
        Files.writeString(page, sampleReport());
        HeadlessChromium.Rendered r = HeadlessChromium.render(page, 1100, 1400);
        assertThat(r.console()).as("console messages").isEmpty();
        assertThat(r.pixels(rgb(TimeChart.PALETTE.get(0)), 40)).as("'asked for' replicas drawn").isGreaterThan(300);
        assertThat(r.pixels(rgb(TimeChart.PALETTE.get(2)), 40)).as("'ready' replicas drawn").isGreaterThan(300);
        assertThat(r.pixels(rgb(TimeChart.PALETTE.get(1)), 40)).as("loadgen p95 drawn").isGreaterThan(100);
    }

    @Test
    void theSimulateChartDrawsEveryPolicyWithoutConsoleMessages() throws Exception {
        Path trace = DemoIT.ROOT.resolve("traces/mooncake_kimi_conversation_1h_3s.csv");
        Path page = dir.resolve("sim.html");
        assertThat(DemoIT.engineTool("simulate", "--trace", trace.toString(), "--policy", "userscale,hpa",
                "--chart", page.toString())).isZero();
        HeadlessChromium.Rendered r = HeadlessChromium.render(page, 1200, 1400);
        assertThat(r.console()).as("console messages").isEmpty();
        assertThat(r.pixels(0x1f77b4, 40)).as("the first policy's lines").isGreaterThan(300);
        assertThat(r.pixels(0xd62728, 40)).as("the second policy's lines").isGreaterThan(300);
    }

    /** The check itself: a page with a script error and nothing drawn fails both tests above. */
    @Test
    void aBrokenPageIsCaught() throws Exception {
        Path page = dir.resolve("broken.html");
        Files.writeString(page, "<!DOCTYPE html><html><body><svg width=\"400\" height=\"200\"></svg>"
                + "<script>drawCharts();</script></body></html>");
        HeadlessChromium.Rendered r = HeadlessChromium.render(page, 600, 400);
        assertThat(r.console()).as("the script error reaches the console").anyMatch(l -> l.contains("drawCharts"));
        assertThat(r.pixels(rgb(TimeChart.PALETTE.get(0)), 40)).isZero();
    }

    static int rgb(String css) {
        return Integer.parseInt(css.substring(1), 16);
    }
}
