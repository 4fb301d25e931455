package io.userscale.gpuapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two replicas on one host serve one port (SO_REUSEPORT), and new connections reach both. */
class SharedPortIT {

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static double requests(HttpClient client, int managementPort) throws Exception {
        String body = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith("userscale_requests_total")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(0.0);
    }

    @Test
    void twoReplicasShareTheServingPort() throws Exception {
        int port = freePort();
        int[] management = {freePort(), freePort()};
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> replicas = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            for (int m : management) {
                Path log = Files.createTempFile("replica", ".log");
                logs.add(log);
                replicas.add(new ProcessBuilder(java, "-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + m,
                        "-Dgpuapp.gpu-enabled=false", "-jar", "target/quarkus-app/quarkus-run.jar")
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start());
            }
            for (int m : management) {
                await("replica on management port " + m + " ready").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(200)).ignoreExceptionsInstanceOf(java.io.IOException.class) // not yet up
                        .until(() -> client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m
                                + "/q/health/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
            }
            for (Process p : replicas) {
                assertThat(p.isAlive()).as("both replicas bound the shared port; logs %s", logs).isTrue();
            }
            for (int i = 0; i < 40; i++) {
                // a fresh client per request: a new connection each time, as after --max-requests-per-connection
                try (HttpClient once = HttpClient.newHttpClient()) {
                    assertThat(once.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/info"))
                            .build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
                }
            }
            double a = requests(client, management[0]);
            double b = requests(client, management[1]);
            assertThat(a + b).isEqualTo(40.0);
            assertThat(a).as("the kernel spreads new connections over both").isPositive();
            assertThat(b).isPositive();
        } finally {
            for (Process p : replicas) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            for (Path l : logs) {
                Files.deleteIfExists(l);
            }
        }
    }
}
