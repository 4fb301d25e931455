package io.userscale.ingest.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.userscale.ingest.HttpAnswers;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPU utilisation by pod from a real Prometheus that scrapes DCGM-exporter-style series (the
 * exporter's own series names and labels, served here by a small HTTP endpoint).
 */
class GpuQueryIT {

    @TempDir
    Path dir;

    @Test
    void theDefaultDcgmQueryAnswersPerPod() throws Exception {
        File prometheus = new File("/usr/bin/prometheus");
        assumeTrue(prometheus.canExecute(), "skipped: prometheus not installed (Debian package prometheus; .ci/run installs it)");
        HttpServer exporter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        exporter.createContext("/metrics", ex -> HttpAnswers.answer(ex, 200, """
                # HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).
                # TYPE DCGM_FI_DEV_GPU_UTIL gauge
                DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-1",device="nvidia0",modelName="NVIDIA H100",Hostname="n1",namespace="shop",pod="gpu-app-a",container="gpu-app"} 87
                DCGM_FI_DEV_GPU_UTIL{gpu="1",UUID="GPU-2",device="nvidia1",modelName="NVIDIA H100",Hostname="n1",namespace="shop",pod="gpu-app-b",container="gpu-app"} 12
                DCGM_FI_DEV_GPU_UTIL{gpu="2",UUID="GPU-3",device="nvidia2",modelName="NVIDIA H100",Hostname="n1",namespace="other",pod="gpu-app-a",container="x"} 55
                """));
        exporter.start();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: dcgm
                    honor_labels: true
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(exporter.getAddress().getPort()));
        Process p = new ProcessBuilder(prometheus.getPath(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            GpuQuery q = new GpuQuery("http://127.0.0.1:" + port,
                    "avg by (pod) (DCGM_FI_DEV_GPU_UTIL{namespace=\"$ns\", pod=~\"$pods\"})", Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(q.byPod("shop", List.of("gpu-app-a", "gpu-app-b", "gpu-app-c")))
                            .as("log: %s", dir.resolve("prometheus.log"))
                            .containsExactlyInAnyOrderEntriesOf(Map.of("gpu-app-a", 87.0, "gpu-app-b", 12.0)));
            assertThat(new GpuQuery("http://127.0.0.1:1", "up", Duration.ofMillis(300))
                    .byPod("shop", List.of("a"))).as("an unreachable Prometheus gives nothing, no error").isEmpty();
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
            exporter.stop(0);
        }
    }

    @Test
    void podNamesAreEscapedForTheRegex() {
        GpuQuery q = new GpuQuery("http://x", "m{pod=~\"$pods\", namespace=\"$ns\"}", Duration.ofSeconds(1));
        assertThat(q.query("ns", List.of("a.b-1", "c"))).isEqualTo("m{pod=~\"a\\\\.b-1|c\", namespace=\"ns\"}");
    }
}
