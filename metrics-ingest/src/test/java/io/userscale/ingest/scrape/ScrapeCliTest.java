package io.userscale.ingest.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userscale.kafka.testing.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScrapeCliTest {

    @TempDir
    Path dir;

    static CommandRun run(String... args) {
        return CommandRun.of(ScrapeCli.commandLine(), args);
    }

    @Test
    void aSavedExpositionShowsItsSignalsAndItsBadLinesAsJson() throws Exception {
        Path f = dir.resolve("m.prom");
        Files.writeString(f, """
                # TYPE userscale_active_users gauge
                userscale_active_users 12
                userscale_cpu_percent 40.5
                userscale_latency_ms_bucket{le="100"} 3
                userscale_latency_ms_bucket{le="+Inf"} 4
                userscale_latency_ms_count 4
                userscale_latency_ms_sum 310
                this is not a sample
                """);
        CommandRun r = run("--file", f.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("samples").asInt()).isEqualTo(6);
        assertThat(doc.get("skipped")).hasSize(1);
        assertThat(doc.get("skipped").get(0).get("line").asInt()).isEqualTo(8);
        assertThat(doc.get("signals").get("users").asDouble()).isEqualTo(12.0);
        assertThat(doc.get("signals").get("latencyMs").get("count").asDouble()).isEqualTo(4.0);
        CommandRun text = run("--file", f.toString());
        assertThat(text.out()).contains("12").contains("line 8");
    }

    @Test
    void badInvocationsAreOneLineErrors() {
        assertThat(run().err()).contains("give either a URL or --file FILE");
        CommandRun missing = run("--file", dir.resolve("none").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
        CommandRun down = run("http://127.0.0.1:1/metrics", "--timeout", "500ms");
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.err()).startsWith("userscale scrape: cannot scrape http://127.0.0.1:1/metrics:")
                .doesNotContain("\tat ");
        assertThat(run("ftp://x/y").err()).contains("not an http(s) URL");
    }

    @Test
    void aClosedPortIsSaidInWords() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort(); // free again once closed: nothing listens there
        }
        CommandRun r = run("http://127.0.0.1:" + port + "/q/metrics");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("userscale scrape: cannot scrape")
                .contains("connection refused: nothing is listening on 127.0.0.1:" + port);
    }
}
