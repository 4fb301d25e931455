package io.userscale.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** loadgen against a real HTTP server standing in for gpu-app's endpoints. */
class LoadgenCommandTest {

    HttpServer server;
    final Set<String> users = ConcurrentHashMap.newKeySet();

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/", exchange -> {
            String user = exchange.getRequestHeaders().getFirst("X-User-Id");
            if (user != null) {
                users.add(user);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            int status = exchange.getRequestURI().getQuery() != null
                    && exchange.getRequestURI().getQuery().contains("size=13") ? 503 : 200;
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = LoadgenCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void theSeedsCommandRunsClosedLoopWithOneUserIdPerUserAndReports() throws Exception {
        Path report = dir.resolve("r.json");
        Run r = run("--scenario", "intensive_matrix", "--concurrency", "4", "--duration", "2", "--size", "64",
                "--url", url(), "--report", report.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("users    4").contains("req/s").contains("p95");
        assertThat(r.out()).containsPattern("requests \\d+ ok, 0 failed");
        assertThat(users).containsExactlyInAnyOrder("loadgen-user-0", "loadgen-user-1", "loadgen-user-2",
                "loadgen-user-3");
        JsonNode doc = new ObjectMapper().readTree(report.toFile());
        assertThat(doc.get("requests").asLong()).isPositive();
        assertThat(doc.get("timeline")).hasSize(2);
        assertThat(doc.get("latencyMs").get("p95").asDouble()).isGreaterThanOrEqualTo(5);
        assertThat(doc.get("url").asText()).endsWith("/api/matmul?size=64&device=auto");
    }

    @Test
    void errorsAreCountedByKind() {
        Run r = run("--concurrency", "2", "--duration", "1", "--size", "13", "--url", url());
        assertThat(r.out()).contains("{http-503=");
        assertThat(r.exit()).isEqualTo(1); // nothing succeeded
    }

    @Test
    void badInputIsNamedWithoutAStackTrace() {
        Run unknown = run("--scenario", "spike", "--url", url());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown scenario 'spike'").doesNotContain("Exception");
        Run zero = run("--duration", "0", "--url", url());
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("--duration must be positive, got 0");
        Run negative = run("--concurrency", "-3", "--url", url());
        assertThat(negative.exit()).isEqualTo(2);
        assertThat(negative.err()).contains("--concurrency must be positive, got -3");
        Run notNumber = run("--duration", "soon", "--url", url());
        assertThat(notNumber.exit()).isEqualTo(2);
        assertThat(notNumber.err()).contains("--duration").contains("soon");
        server.stop(0);
        Run unreachable = run("--duration", "1", "--url", url());
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot reach http://127.0.0.1:").doesNotContain("\tat ");
    }

    @Test
    void scenarioShapesFollowTheSeedsMeaning() {
        assertThat(Scenario.BURST.activeUsers(10, 240, 30, 4)).isEqualTo(3);    // quiet half of a 60 s cycle
        assertThat(Scenario.BURST.activeUsers(40, 240, 30, 4)).isEqualTo(30);   // busy half
        assertThat(Scenario.RAMP.activeUsers(30, 120, 20, 1)).isEqualTo(5);
        assertThat(Scenario.STEP.activeUsers(10, 100, 20, 1)).isEqualTo(4);
        assertThat(Scenario.STEP.activeUsers(60, 100, 20, 1)).isEqualTo(20);
        assertThat(Scenario.INTENSIVE_MATRIX.activeUsers(1, 10, 25, 1)).isEqualTo(25);
    }
}
