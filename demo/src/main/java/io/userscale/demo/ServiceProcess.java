package io.userscale.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One userscale service (a Quarkus app) run as a child process for the demo: its own HTTP port,
 * its configuration as system properties, its output in a log file, tied to the demo's process
 * ({@code userscale.parent-pid}) so it never outlives it.
 */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private final int readyPort;

    private ServiceProcess(String name, Process process, Path log, int readyPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.readyPort = readyPort;
    }

    /** Starts {@code jar} with {@code properties}, its output going to {@code logDir/name.log}. */
    static ServiceProcess start(String name, String java, Path jar, int httpPort, Map<String, String> properties,
                                Path logDir) throws IOException {
        return start(name, java, jar, httpPort, 0, properties, Map.of(), logDir);
    }

    /**
     * Starts {@code jar} with {@code properties} and {@code environment} added to this process's;
     * with {@code managementPort > 0} its management interface (health, metrics) listens there, and
     * readiness is awaited there.
     */
    static ServiceProcess start(String name, String java, Path jar, int httpPort, int managementPort,
                                Map<String, String> properties, Map<String, String> environment, Path logDir)
            throws IOException {
        return start(name, java, jar, httpPort, managementPort, properties, environment, logDir, LOCAL_FLAGS);
    }

    /** JVM flags of the local cluster's services: small, quick to start, C1 only. */
    static final List<String> LOCAL_FLAGS = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    /** As above, with these JVM flags instead of {@link #LOCAL_FLAGS}. */
    static ServiceProcess start(String name, String java, Path jar, int httpPort, int managementPort,
                                Map<String, String> properties, Map<String, String> environment, Path logDir,
                                List<String> jvmFlags) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException(name + " is not built: " + jar + " is missing (./userscale demo builds it)");
        }
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmFlags);
        cmd.add("-Dquarkus.http.port=" + httpPort);
        if (managementPort > 0) {
            cmd.add("-Dquarkus.management.port=" + managementPort);
        }
        cmd.add("-Duserscale.parent-pid=" + ProcessHandle.current().pid());
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process p = builder.start();
        return new ServiceProcess(name, p, log, managementPort > 0 ? managementPort : httpPort);
    }

    /**
     * Waits until {@code /q/health/ready} answers 200.
     *
     * @throws IOException when the service died or did not get ready in time, with its log's tail
     */
    void awaitReady(Duration timeout) throws IOException, InterruptedException {
        URI ready = URI.create("http://127.0.0.1:" + readyPort + "/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException(name + " exited with status " + process.exitValue() + "; its log ("
                            + log + ") ends:\n" + tail());
                }
                try {
                    if (client.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                Thread.sleep(200);
            }
        }
        throw new IOException(name + " was not ready within " + timeout.toSeconds() + " s; its log (" + log
                + ") ends:\n" + tail());
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills it with SIGKILL, as a crash would, and waits until it is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops it gracefully (SIGTERM, up to 20 s), then forcibly, and waits until it is gone. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
