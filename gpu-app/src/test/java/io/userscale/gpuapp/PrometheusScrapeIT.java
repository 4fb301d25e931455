package io.userscale.gpuapp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Prometheus on 127.0.0.1 scrapes gpu-app and has a value for each userscale_* series. */
@QuarkusTest
class PrometheusScrapeIT {

    static final List<String> SERIES = List.of("userscale_active_users", "userscale_cpu_percent",
            "userscale_latency_ms_bucket", "userscale_latency_ms_count", "userscale_requests_total",
            "userscale_inflight_requests");

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @TempDir
    Path dir;

    @Test
    void prometheusScrapesEveryUserscaleSeries() throws Exception {
        File prometheus = new File("/usr/bin/prometheus");
        assumeTrue(prometheus.canExecute(), "skipped: prometheus not installed (Debian package prometheus; .ci/run installs it)");
        given().header("X-User-Id", "scraped").get("/api/work?ms=5").then().statusCode(200);

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: gpu-app
                    metrics_path: %s
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(metrics.getPath(), metrics.getPort()));
        Process p = new ProcessBuilder(prometheus.getPath(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            for (String series : SERIES) {
                JsonNode result = await(series + " in Prometheus (log: " + dir.resolve("prometheus.log") + ")")
                        .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                        .ignoreExceptionsInstanceOf(java.io.IOException.class) // Prometheus still starting
                        .until(() -> new ObjectMapper().readTree(client.send(HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + port + "/api/v1/query?query="
                                        + URLEncoder.encode(series, StandardCharsets.UTF_8))).build(),
                                HttpResponse.BodyHandlers.ofString()).body()).path("data").path("result"),
                                r -> r.size() > 0);
                assertThat(result.size()).as(series).isPositive();
                assertThat(result.get(0).path("value").get(1).asText()).as(series).isNotBlank();
            }
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
