package io.userscale.engine.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userscale.kafka.testing.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {

    @TempDir
    Path dir;

    static CommandRun run(String... args) {
        return CommandRun.of(EngineTools.commandLine(), args);
    }

    Path trace() throws Exception {
        StringBuilder csv = new StringBuilder("t_seconds,rate\n");
        Random r = new Random(42);
        for (int t = 0; t < 1800; t++) {
            double mean = t > 600 && t < 1200 ? 300 : 100;
            csv.append(t).append(',').append(Math.max(0, mean + r.nextGaussian() * 10)).append('\n');
        }
        Path f = dir.resolve("step.csv");
        Files.writeString(f, csv);
        return f;
    }

    @Test
    void printsOneRowPerPolicyAndWritesJsonAndAChart() throws Exception {
        Path json = dir.resolve("r.json");
        Path chart = dir.resolve("r.html");
        CommandRun r = run("simulate", "--trace", trace().toString(), "--json", json.toString(), "--chart", chart.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("policy").contains("SLO-violation s").contains("× oracle");
        for (String p : new String[] {"userscale", "hpa", "kpa", "seed"}) {
            assertThat(r.out()).containsPattern("(?m)^" + p + " +\\d+ +\\d+ +\\d+\\.\\d\\d +\\d+ +\\d+$");
        }
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertThat(doc.get("trace").asText()).isEqualTo("step.csv");
        assertThat(doc.get("params").get("peakPods").asDouble()).isEqualTo(20);
        assertThat(doc.get("params").get("queueLimit").asInt()).isZero();
        assertThat(doc.get("oracle").get("replicaSeconds").asDouble()).isPositive();
        assertThat(doc.get("policies")).hasSize(4);
        for (JsonNode p : doc.get("policies")) {
            assertThat(p.get("oracleRatio").asDouble())
                    .isEqualTo(p.get("replicaSeconds").asDouble() / doc.get("oracle").get("replicaSeconds").asDouble());
            assertThat(p.has("sloViolationSeconds") && p.has("scaleOperations") && p.has("peakP95Ms")).isTrue();
        }
        String html = Files.readString(chart);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("userscale").contains("hpa")
                .doesNotContain("<script src");
    }

    @Test
    void selectedPoliciesAndParameterOverridesApply() {
        CommandRun r = run("simulate", "--trace", pathOf(), "--policy", "seed,seed-conservative", "--set", "MAX_REPLICAS=3");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("seed-conservative").doesNotContain("userscale");
    }

    @Test
    void badInputIsNamed() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "t_seconds,rate\n0,1\n1,oops\n");
        CommandRun r = run("simulate", "--trace", bad.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("bad.csv: line 3: not numbers: 1,oops");
        CommandRun unknown = run("simulate", "--trace", bad.toString(), "--policy", "keda");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("--policy: unknown policy 'keda'");
        CommandRun missing = run("simulate", "--trace", dir.resolve("none.csv").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--trace: no such file");
        CommandRun impossible = run("simulate", "--trace", bad.toString(), "--slo-ms", "10");
        assertThat(impossible.exit()).isEqualTo(2);
        assertThat(impossible.err()).contains("--slo-ms").contains("must be above the service time");
    }

    private String pathOf() {
        try {
            return trace().toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRecordingOfTheSimulatedSnapshotsReplaysToTheSimulatedDecisionsFieldForField() throws Exception {
        for (String arrivals : new String[] {"fluid", "poisson", "paced"}) {
            Path rec = dir.resolve(arrivals + "-rec.jsonl");
            Path dec = dir.resolve(arrivals + "-dec.jsonl");
            Path replayed = dir.resolve(arrivals + "-replayed.jsonl");
            CommandRun r = run("simulate", "--trace", trace().toString(), "--arrivals", arrivals, "--seed", "3", "--record",
                    rec.toString(), "--decisions", dec.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("arrivals " + arrivals);
            r = run("replay", "--input", rec.toString(), "--output", replayed.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            ObjectMapper m = new ObjectMapper();
            java.util.Map<String, java.util.List<JsonNode>> simulated = byTarget(m, dec);
            java.util.Map<String, java.util.List<JsonNode>> again = byTarget(m, replayed);
            assertThat(simulated.keySet()).containsExactlyInAnyOrder("sim/userscale", "sim/hpa", "sim/kpa", "sim/seed");
            assertThat(again).isEqualTo(simulated);
            assertThat(simulated.get("sim/userscale")).hasSize(1800 / 5);
        }
    }

    /**
     * What Kafka's console consumer prints for userscale.metrics with {@code print.key=true} —
     * {@code key<TAB>snapshot}, one a line — replays like the recording it came from, given the
     * recording's policy and parameters; a line that is not a snapshot is refused, naming it.
     */
    @Test
    void aConsoleConsumerDumpOfTheMetricsTopicReplaysLikeTheRecording() throws Exception {
        Path rec = dir.resolve("rec.jsonl");
        Path dec = dir.resolve("dec.jsonl");
        CommandRun r = run("simulate", "--trace", trace().toString(), "--policy", "userscale", "--record", rec.toString(),
                "--decisions", dec.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        ObjectMapper m = io.userscale.kafka.codec.ContractJson.mapper();
        var codec = io.userscale.kafka.codec.ContractCodec.of(io.userscale.kafka.contract.ContractType.TARGET_SNAPSHOT);
        StringBuilder dump = new StringBuilder();
        java.util.List<String> sets = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(rec)) {
            Recording rl = m.readValue(line, Recording.class);
            if (Recording.POLICY.equals(rl.kind())) {
                assertThat(rl.policy().name()).isEqualTo("userscale");
                rl.policy().parameters().forEach((k, v) -> sets.addAll(java.util.List.of("--set", k + "=" + v)));
            } else {
                dump.append(rl.snapshot().key()).append('\t')
                        .append(new String(codec.encode(rl.snapshot()), java.nio.charset.StandardCharsets.UTF_8))
                        .append('\n');
            }
        }
        Path console = dir.resolve("console.txt");
        Files.writeString(console, dump);
        Path replayed = dir.resolve("replayed.jsonl");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("replay", "--input",
                console.toString(), "--output", replayed.toString(), "--policy", "userscale"));
        args.addAll(sets);
        r = run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(byTarget(m, replayed)).isEqualTo(byTarget(m, dec)).isNotEmpty();

        Files.writeString(console, dump.toString().lines().findFirst().orElseThrow() + "\n"
                + "sim/userscale\t{\"schema\":\"userscale.target-snapshot/v1\",\"ts\":\"yesterday\"}\n");
        r = run("replay", "--input", console.toString(), "--output", replayed.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("line 2").contains("not a valid TargetSnapshot");
    }

    @Test
    void aModelParameterOutOfRangeIsRefusedNamingItsOption() throws Exception {
        CommandRun r = run("simulate", "--trace", trace().toString(), "--peak-pods", "-3");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("userscale simulate: --peak-pods must be at least 1, got -3")
                .doesNotContain("Model[");
        r = run("simulate", "--trace", trace().toString(), "--min-replicas", "5", "--max-replicas", "3");
        assertThat(r.err()).contains("--max-replicas must be at least minReplicas (5), got 3");
        r = run("simulate", "--trace", trace().toString(), "--queue-limit", "-2");
        assertThat(r.err()).contains("--queue-limit must be 0 (no limit) or more, got -2");
        r = run("simulate", "--trace", trace().toString(), "--arrivals", "bursty");
        assertThat(r.err()).contains("unknown arrivals 'bursty'; known: fluid, poisson, paced");
        r = run("simulate", "--trace", trace().toString(), "--hpa-phase-s", "15");
        assertThat(r.err()).contains("--hpa-phase-s must be 0 to 14 (the HPA syncs every 15 s), got 15");
    }

    static java.util.Map<String, java.util.List<JsonNode>> byTarget(ObjectMapper m, Path jsonl) throws Exception {
        java.util.Map<String, java.util.List<JsonNode>> out = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(jsonl)) {
            JsonNode d = m.readTree(line);
            String key = d.get("target").get("namespace").asText() + "/" + d.get("target").get("name").asText();
            out.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(d);
        }
        return out;
    }
}
