package io.userscale.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

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
            clientPorts.add(exchange.getRemoteAddress().getPort());
            String query = exchange.getRequestURI().getQuery();
            try {
                Thread.sleep(query != null && query.contains("ms=200") ? 200 : 5);
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

    @Test
    void openLoopHoldsTheRateAndSpreadsItOverUsers() throws Exception {
        Path report = dir.resolve("open.json");
        Run r = run("--rate", "40", "--duration", "2", "--concurrency", "8", "--user-rps", "4", "--size", "64",
                "--url", url(), "--report", report.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("open-loop").contains("(target 40.0)");
        JsonNode doc = new ObjectMapper().readTree(report.toFile());
        assertThat(doc.get("mode").asText()).isEqualTo("open");
        assertThat(doc.get("requests").asLong()).isBetween(70L, 90L); // 40 req/s for 2 s, whatever the server's speed
        assertThat(doc.get("timeline").get(0).get("targetRps").asDouble()).isEqualTo(40.0);
        assertThat(users).hasSize(10); // 40 req/s at 4 req/s per user
    }

    @Test
    void openLoopCountsQueueingFromWhenARequestWasDue() throws Exception {
        // a 200 ms service with one connection completes 5 req/s; 20 req/s are due
        Path closed = dir.resolve("closed.json");
        Path open = dir.resolve("open.json");
        assertThat(run("--scenario", "gpu", "--work-ms", "200", "--duration", "2", "--concurrency", "1",
                "--url", url(), "--report", closed.toString()).exit()).isZero();
        Run r = run("--scenario", "gpu", "--work-ms", "200", "--rate", "20", "--duration", "2", "--concurrency", "1",
                "--timeout", "2", "--url", url(), "--report", open.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        var mapper = new ObjectMapper();
        double closedP95 = mapper.readTree(closed.toFile()).get("latencyMs").get("p95").asDouble();
        double openP95 = mapper.readTree(open.toFile()).get("latencyMs").get("p95").asDouble();
        assertThat(closedP95).isBetween(195.0, 600.0);
        assertThat(openP95).as("open-loop p95 must include the wait for a connection").isGreaterThan(3 * closedP95);
        assertThat(r.out()).contains("from when each request was due");
    }

    @Test
    void traceReplaysItsRatesTimeCompressedAndDrawsACharts() throws Exception {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, "t_seconds,rate\n0,5\n10,20\n20,5\n");
        Path report = dir.resolve("trace.json");
        Path chart = dir.resolve("trace.html");
        Run r = run("--scenario", "trace", "--trace", csv.toString(), "--time-scale", "10", "--peak-rate", "40",
                "--size", "64", "--url", url(), "--report", report.toString(), "--chart", chart.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(report.toFile());
        assertThat(doc.get("durationSeconds").asInt()).isEqualTo(3); // 30 trace seconds at 10x
        JsonNode tl = doc.get("timeline");
        assertThat(tl.get(0).get("targetRps").asDouble()).isEqualTo(10.0); // 5 scaled by 40/20
        assertThat(tl.get(1).get("targetRps").asDouble()).isEqualTo(40.0);
        assertThat(tl.get(2).get("targetRps").asDouble()).isEqualTo(10.0);
        assertThat(doc.get("requests").asLong()).isBetween(50L, 66L);
        String html = Files.readString(chart);
        assertThat(html).contains("<svg").contains("target req/s").contains("p95").doesNotContain("<script");
    }

    @Test
    void connectionsAreReplacedAfterTheConfiguredNumberOfRequests() {
        assertThat(run("--concurrency", "1", "--duration", "1", "--size", "64", "--max-requests-per-connection", "0",
                "--url", url()).exit()).isZero();
        int kept = clientPorts.size();
        clientPorts.clear();
        assertThat(run("--concurrency", "1", "--duration", "1", "--size", "64", "--max-requests-per-connection", "5",
                "--url", url()).exit()).isZero();
        assertThat(kept).isLessThanOrEqualTo(2); // the reachability check's and the user's
        assertThat(clientPorts.size()).isGreaterThan(10); // ~150 requests in a second, 5 per connection
    }

    @Test
    void badOpenLoopInputIsNamed() throws Exception {
        Run noTrace = run("--scenario", "trace", "--url", url());
        assertThat(noTrace.exit()).isEqualTo(2);
        assertThat(noTrace.err()).contains("--scenario trace needs --trace FILE.csv");
        Run missing = run("--scenario", "trace", "--trace", dir.resolve("nope.csv").toString(), "--url", url());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("trace file not found").contains("nope.csv");
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "t_seconds,rate\n0,5\n1,lots\n");
        Run badLine = run("--scenario", "trace", "--trace", bad.toString(), "--url", url());
        assertThat(badLine.exit()).isEqualTo(2);
        assertThat(badLine.err()).contains("line 3").contains("1,lots");
        Run rate = run("--rate", "-5", "--url", url());
        assertThat(rate.exit()).isEqualTo(2);
        assertThat(rate.err()).contains("--rate must be positive, got -5.0");
        Run scale = run("--scenario", "trace", "--trace", bad.toString(), "--time-scale", "0", "--url", url());
        assertThat(scale.exit()).isEqualTo(2);
        Run perConn = run("--max-requests-per-connection", "-1", "--url", url());
        assertThat(perConn.exit()).isEqualTo(2);
        assertThat(perConn.err()).contains("--max-requests-per-connection");
        Run stray = run("--trace", bad.toString(), "--url", url());
        assertThat(stray.err()).contains("--trace goes with --scenario trace");
    }

    @Test
    void thinkTimePacesEachUser() throws Exception {
        Path fast = dir.resolve("fast.json");
        Path paced = dir.resolve("paced.json");
        assertThat(run("--concurrency", "2", "--duration", "2", "--size", "64", "--url", url(), "--report",
                fast.toString()).exit()).isZero();
        assertThat(run("--concurrency", "2", "--duration", "2", "--size", "64", "--think-ms", "100", "--url", url(),
                "--report", paced.toString()).exit()).isZero();
        var mapper = new ObjectMapper();
        long f = mapper.readTree(fast.toFile()).get("requests").asLong();
        long p = mapper.readTree(paced.toFile()).get("requests").asLong();
        assertThat(p).as("two users pausing 100 ms after each ~5 ms answer").isBetween(20L, 45L);
        assertThat(f).isGreaterThan(3 * p);
        assertThat(run("--think-ms", "-1", "--url", url()).err()).contains("--think-ms must be 0 or more, got -1");
    }
}
