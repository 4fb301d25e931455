package io.userscale.gpuapp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Metrics faults on demand: garbage and a hang on /q/metrics start and end with a file, health untouched. */
@QuarkusTest
@TestProfile(MetricsFaultIT.WithFaultDir.class)
class MetricsFaultIT {

    static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("gpuapp-faults");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static class WithFaultDir implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gpuapp.fault-dir", DIR.toString(), "gpuapp.gpu-enabled", "false");
        }
    }

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @TestHTTPResource(value = "health/ready", management = true)
    URL ready;

    @AfterEach
    void clear() throws Exception {
        Files.deleteIfExists(DIR.resolve("all"));
        Files.deleteIfExists(DIR.resolve(Long.toString(ProcessHandle.current().pid())));
    }

    private HttpResponse<String> scrape(Duration timeout) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(metrics.toURI()).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void garbageForThisReplicaThenTheExpositionAgain() throws Exception {
        assertThat(scrape(Duration.ofSeconds(10)).body()).contains("userscale_active_users ");
        Files.writeString(DIR.resolve(Long.toString(ProcessHandle.current().pid())), "garbage\n");
        var bad = scrape(Duration.ofSeconds(10));
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(bad.body()).isEqualTo(io.userscale.gpuapp.metrics.MetricsFault.GARBAGE)
                .doesNotContain("userscale_active_users");
        clear();
        assertThat(scrape(Duration.ofSeconds(10)).body()).contains("userscale_active_users ");
    }

    @Test
    void aHangForEveryReplicaHoldsTheAnswerUntilItEnds() throws Exception {
        Files.writeString(DIR.resolve("all"), "hang");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> scrape(Duration.ofSeconds(1)))
                .isInstanceOf(HttpTimeoutException.class);
        given().get(URI.create(ready.toString())).then().statusCode(200); // health is never held
        long start = System.nanoTime();
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(700);
                clear();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        var answer = scrape(Duration.ofSeconds(10));
        assertThat(answer.body()).contains("userscale_active_users ");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("held until the hang ended")
                .isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }
}
