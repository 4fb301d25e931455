package io.userscale.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userscale.kafka.testing.TestKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The whole loop end to end: a real broker, metrics-ingest, decision-engine and actuator (local
 * backend) as the packaged services, gpu-app replicas as processes, and a burst from loadgen.
 */
class DemoIT {

    static final Path ROOT = Path.of(System.getProperty("userscale.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    /** Runs one of the engine's offline tools as a user would, from its packaged class path. */
    static int engineTool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-cp",
                ROOT.resolve("decision-engine/target/userscale-decision-engine.jar") + java.io.File.pathSeparator
                        + ROOT.resolve("decision-engine/target/lib") + "/*",
                "io.userscale.engine.tools.EngineTools"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .start();
        return p.waitFor(120, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    /** Fails unless each of {@code services} is packaged: the demo's commands start them from there. */
    static void assertPackaged(String... services) {
        for (String jar : services) {
            assertThat(ROOT.resolve(jar + "/target/quarkus-app/quarkus-run.jar"))
                    .as("the reactor packages %s before the demo module's tests", jar).exists();
        }
    }

    /**
     * Runs {@code cli} with {@code args} as a user would, its output and errors together into the text
     * it returns and prints; fails, showing that text, unless the command exits 0.
     */
    static String execute(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int exit = cli.execute(args);
        System.out.println(out);
        assertThat(exit).as(out.toString()).isZero();
        return out.toString();
    }

    @Test
    void aBurstScalesUpAndBackDownWithOneResultPerCommand() throws Exception {
        assertPackaged("metrics-ingest", "decision-engine", "actuator", "gpu-app");
        String servers = TestKafka.bootstrapServers();
        Path json = dir.resolve("summary.json");
        String out = execute(DemoCommand.commandLine(), "--scenario", "burst", "--duration", "40", "--concurrency",
                "24", "--size", "192", "--settle", "120", "--bootstrap", servers, "--port", "0", "--json",
                json.toString(), "--report", dir.resolve("report.html").toString());

        JsonNode s = new ObjectMapper().readTree(json.toFile());
        assertThat(s.get("peakReplicas").asInt()).as("replicas rise during the burst").isGreaterThanOrEqualTo(2);
        assertThat(s.get("finalReplicas").asInt()).as("and return to the minimum after it")
                .isEqualTo(s.get("minReplicas").asInt());
        assertThat(s.get("commands").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(s.get("actuations").asInt()).as("every command has exactly one result")
                .isEqualTo(s.get("commands").asInt());
        assertThat(s.get("decisions").asInt()).isGreaterThan(s.get("commands").asInt());
        assertThat(s.get("secondsToFirstScaleCommand").isNumber()).isTrue();
        assertThat(Files.readString(dir.resolve("report.html"))).contains("<svg").contains("SCALED")
                .contains("load step");
        assertThat(out.lines().filter(l -> LiveView.width(l) > LiveView.WIDTH).toList())
                .as("output lines wider than %d columns", LiveView.WIDTH).isEmpty();
        assertThat(s.get("usersOfferedPeak").asInt()).isEqualTo(24);
        assertThat(s.get("usersSeenPeak").asDouble()).as("users counted once over the pods")
                .isBetween(24 * 0.85, 24 * 1.15);
        if (HeadlessChromium.whyNot().isEmpty()) {
            HeadlessChromium.Rendered page = HeadlessChromium.render(dir.resolve("report.html"), 1100, 1400);
            assertThat(page.console()).as("the report's console messages").isEmpty();
            assertThat(page.pixels(PagesInChromiumIT.rgb(io.userscale.loadgen.TimeChart.PALETTE.get(0)), 40))
                    .as("the report draws its replica chart").isGreaterThan(300);
        } else {
            System.out.println("[skipped] rendering the demo report: " + HeadlessChromium.whyNot().get());
        }

        // the decisions parse as JSON when read with Kafka's own console consumer
        Process consumer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", ROOT.resolve("kafka/broker/target/broker").toString() + "/*",
                "org.apache.kafka.tools.consumer.ConsoleConsumer", "--bootstrap-server", servers,
                "--topic", "userscale.decisions", "--from-beginning", "--timeout-ms", "10000")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new String(consumer.getInputStream().readAllBytes()).lines()
                .filter(l -> !l.isBlank()).toList();
        consumer.waitFor(30, TimeUnit.SECONDS);
        assertThat(lines).hasSizeGreaterThanOrEqualTo(s.get("decisions").asInt());
        ObjectMapper mapper = new ObjectMapper();
        for (String line : lines) {
            assertThat(mapper.readTree(line).get("schema").asText()).isEqualTo("userscale.decision/v1");
        }

        // what Kafka's console consumer prints for userscale.metrics replays as it is
        Process metricsDump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", ROOT.resolve("kafka/broker/target/broker").toString() + "/*",
                "org.apache.kafka.tools.consumer.ConsoleConsumer", "--bootstrap-server", servers,
                "--topic", "userscale.metrics", "--from-beginning", "--timeout-ms", "10000",
                "--property", "print.key=true")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> snapshots = new String(metricsDump.getInputStream().readAllBytes()).lines()
                .filter(l -> l.startsWith(DemoCommand.TARGET + "\t")).toList();
        metricsDump.waitFor(30, TimeUnit.SECONDS);
        assertThat(snapshots).hasSizeGreaterThan(10);
        Path dump = dir.resolve("metrics-console.txt");
        Files.write(dump, snapshots);
        Path dumpDecisions = dir.resolve("dump-decisions.jsonl");
        assertThat(engineTool("replay", "--input", dump.toString(), "--output", dumpDecisions.toString())).isZero();
        assertThat(Files.readAllLines(dumpDecisions)).hasSize(snapshots.size());

        // a recording of the run, replayed through the live policy, reproduces the live decisions exactly
        Path recording = dir.resolve("run.jsonl");
        Path replayed = dir.resolve("replayed.jsonl");
        assertThat(engineTool("record", "--bootstrap", servers, "--target", DemoCommand.TARGET, "--output",
                recording.toString(), "--timeout", "30")).isZero();
        assertThat(engineTool("replay", "--input", recording.toString(), "--output", replayed.toString())).isZero();
        List<JsonNode> replay = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(replayed)) {
            if (!line.isBlank()) {
                replay.add(mapper.readTree(line));
            }
        }
        List<JsonNode> live = new java.util.ArrayList<>();
        for (String line : lines) {
            live.add(mapper.readTree(line));
        }
        assertThat(replay).as("replayed decisions").hasSameSizeAs(live).containsExactlyElementsOf(live);

        // nothing the demo started is left running
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList())
                        .as("processes left behind").isEmpty());
    }
}
