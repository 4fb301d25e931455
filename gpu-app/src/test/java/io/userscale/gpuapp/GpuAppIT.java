package io.userscale.gpuapp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** gpu-app as a client sees it: correct products, clear refusals, the scaling series. */
@QuarkusTest
class GpuAppIT {

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @TestHTTPResource(value = "health/ready", management = true)
    URL ready;

    static float[][] random(int n, Random r) {
        float[][] m = new float[n][n];
        for (float[] row : m) {
            for (int j = 0; j < n; j++) {
                row[j] = (float) (r.nextDouble() * 2 - 1);
            }
        }
        return m;
    }

    /** ||c − a·b|| / ||a·b||, the reference product in float64. */
    static double relativeError(float[][] a, float[][] b, float[][] c) {
        int n = a.length;
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double ref = 0;
                for (int k = 0; k < n; k++) {
                    ref += (double) a[i][k] * b[k][j];
                }
                diff += (c[i][j] - ref) * (c[i][j] - ref);
                norm += ref * ref;
            }
        }
        return Math.sqrt(diff / norm);
    }

    @Test
    void postedProductsMatchAFloat64Reference() throws Exception {
        Random r = new Random(7);
        for (int n : new int[] {64, 512}) {
            float[][] a = random(n, r);
            float[][] b = random(n, r);
            String body = new ObjectMapper().writeValueAsString(Map.of("a", a, "b", b));
            String json = given().contentType(ContentType.JSON).body(body).post("/api/matmul?device=cpu")
                    .then().statusCode(200).body("size", equalTo(n)).body("device", equalTo("cpu"))
                    .extract().asString();
            float[][] c = new ObjectMapper().readValue(new ObjectMapper().readTree(json).get("c").toString(), float[][].class);
            assertThat(relativeError(a, b, c)).as("n=%d", n).isLessThan(1e-5);
        }
    }

    @Test
    void generatedProductsReportSpeedAndAChecksumThatDependsOnTheSeedOnly() {
        var first = given().get("/api/matmul?size=256&seed=3").then().statusCode(200)
                .body("size", equalTo(256)).body("device", equalTo("cpu")).body("gflops", greaterThan(0f))
                .extract().jsonPath();
        var again = given().get("/api/matmul?size=256&seed=3&device=cpu").then().statusCode(200).extract().jsonPath();
        var other = given().get("/api/matmul?size=256&seed=4").then().statusCode(200).extract().jsonPath();
        assertThat(again.getDouble("checksum")).isEqualTo(first.getDouble("checksum"));
        assertThat(other.getDouble("checksum")).isNotEqualTo(first.getDouble("checksum"));
        given().get("/api/info").then().statusCode(200).body("devices[0]", equalTo("cpu"))
                .body("limits.maxSize", equalTo(4096)).body("gpu.available", equalTo(false));
        given().get("/api/work?ms=20").then().statusCode(200).body("ms", equalTo(20));
    }

    @Test
    void badInputGetsAJsonErrorNamingTheFieldAndTheServiceStaysUp() throws Exception {
        expect(given().get("/api/matmul?size=0"), 400, "size", "size must be between 1 and 4096");
        expect(given().get("/api/matmul?size=-3"), 400, "size", "size must be between 1 and 4096");
        expect(given().get("/api/matmul?size=5000"), 400, "size", "size must be between 1 and 4096");
        expect(given().get("/api/matmul?size=big"), 400, "size", "size must be a whole number, got 'big'");
        expect(given().get("/api/matmul"), 400, "size", "size is required");
        expect(given().get("/api/matmul?size=8&device=tpu"), 400, "device", "device must be auto, gpu or cpu");
        expect(given().get("/api/matmul?size=8&device=gpu"), 503, "device", "device=gpu asked, but this pod has no GPU");
        expect(given().get("/api/work?ms=0"), 400, "ms", "ms must be between 1 and 60000");
        expect(post("{\"a\": [[1, 2], [3]], \"b\": [[1, 0], [0, 1]]}"), 400, "a[1]",
                "a must be square: row 1 has 1 values, expected 2");
        expect(post("{\"a\": [[1, 2, 3], [4, 5, 6]], \"b\": [[1, 0], [0, 1]]}"), 400, "a[0]", "a must be square");
        expect(post("{\"a\": [[1, 2], [3, 4]], \"b\": [[1]]}"), 400, "b", "a is 2×2 but b is 1×1");
        expect(post("{\"a\": [[1, \"x\"], [3, 4]], \"b\": [[1, 0], [0, 1]]}"), 400, "a[0][1]",
                "a[0][1] has the wrong type: expected a number");
        expect(post("{\"a\": [[1, 2], [3, 4]]}"), 400, "b", "b is missing or empty");
        // wrong types name the field, as a 400, never a 500
        expect(post("{\"a\": \"x\", \"b\": null}"), 400, "a", "a has the wrong type: expected a square matrix");
        expect(post("{\"a\": [[1, 2], [3, 4]], \"b\": {\"x\": 1}}"), 400, "b", "");
        expect(post("{\"a\": [[\"one\", 2], [3, 4]], \"b\": [[1, 2], [3, 4]]}"), 400, "a[0][0]", "");
        expect(post("[1, 2]"), 400, null, "malformed JSON body");
        expect(post("{\"a\": [[1e999, 2], [3, 4]], \"b\": [[1, 2], [3, 4]]}"), 400, "a[0][0]", "finite");
        expect(post("{\"a\": [[1, 2], [3, 4]"), 400, null, "malformed JSON body");
        StringBuilder big = new StringBuilder("{\"a\": [");
        for (int i = 0; i < 513; i++) {
            big.append(i == 0 ? "" : ",").append("[0]");
        }
        big.append("], \"b\": [[0]]}");
        expect(post(big.toString()), 413, "a", "above the limit of 512×512");
        assertThat(statusLineForDeclaredBody(17L * 1024 * 1024)).contains(" 413 ");
        given().get(ready.toString()).then().statusCode(200).body("status", equalTo("UP"));
        given().get("/api/info").then().statusCode(200);
    }

    private double activeUsers() {
        return given().get(metrics.toString()).then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith("userscale_active_users "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(-1);
    }

    @Test
    void theScalingSeriesAreExposedAndPromtoolAcceptsThem() throws Exception {
        // three users with a request in flight each count, whatever this replica learned of others' pauses
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        var inFlight = java.util.stream.Stream.of("ann", "bob", "cyd").map(user -> java.util.concurrent.CompletableFuture
                .runAsync(() -> given().header("X-User-Id", user).get("/api/work?ms=3000").then().statusCode(200), pool))
                .toList();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> activeUsers() >= 3);
        String page = given().get(metrics.toString()).then().statusCode(200)
                .body(containsString("userscale_active_users"))
                .body(containsString("userscale_cpu_percent"))
                .body(containsString("userscale_latency_ms_bucket{le=\"25.0\"}"))
                .body(containsString("userscale_requests_total"))
                .body(containsString("userscale_inflight_requests"))
                .extract().asString();
        inFlight.forEach(java.util.concurrent.CompletableFuture::join);
        pool.shutdown();

        File promtool = new File("/usr/bin/promtool");
        Assumptions.assumeTrue(promtool.canExecute(),
                "skipped: promtool not installed (Debian package prometheus; .ci/run installs it)");
        File exposition = File.createTempFile("metrics", ".txt");
        Files.writeString(exposition.toPath(), page, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(promtool.getPath(), "check", "metrics").redirectInput(exposition)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // exit 0: clean; 3: parsed, with style findings only; 1: not valid exposition
        assertThat(p.exitValue()).as(out).isIn(0, 3);
        assertThat(out).doesNotContain("error while linting");
        // the only findings on our own series are the ones the contract makes us keep: the
        // seed's name userscale_latency_ms, and promtool 2.42 reading a counter's _total sample
        // apart from its family's HELP
        for (String finding : out.lines().filter(l -> l.startsWith("userscale_")).toList()) {
            assertThat(finding).matches("userscale_latency_ms(_max)? metric names should not contain abbreviated units"
                    + "|userscale_[a-z_]+_total no help text");
        }
    }

    @TestHTTPResource("/api/matmul")
    URL matmul;

    /** Announces a body of {@code length} bytes (sending none) and returns the status line answered. */
    private String statusLineForDeclaredBody(long length) throws Exception {
        try (var socket = new java.net.Socket(matmul.getHost(), matmul.getPort())) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(("POST " + matmul.getPath() + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            return in.readLine();
        }
    }

    private static io.restassured.response.Response post(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/matmul");
    }

    private static void expect(io.restassured.response.Response r, int status, String field, String error) {
        var v = r.then().statusCode(status).contentType(ContentType.JSON).body("error", containsString(error));
        if (field != null) {
            v.body("field", equalTo(field));
        }
    }
}
