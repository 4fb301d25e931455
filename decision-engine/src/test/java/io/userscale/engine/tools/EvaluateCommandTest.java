package io.userscale.engine.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userscale.engine.sim.Synthetic;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

    @TempDir
    Path dir;

    Path traces() throws Exception {
        Path t = Files.createDirectories(dir.resolve("traces"));
        SynthCommand.write(Synthetic.trace(Synthetic.Shape.STEPS, 1), t.resolve("steps.csv"));
        SynthCommand.write(Synthetic.trace(Synthetic.Shape.RAMPS, 2), t.resolve("ramps.csv"));
        return t;
    }

    Path grid() throws Exception {
        Path g = dir.resolve("grid.json");
        Files.writeString(g, """
                {"scenarios": [{"name": "base"}, {"name": "slow", "startupS": 60, "scrapeS": 10}]}
                """);
        return g;
    }

    @Test
    void judgesEveryPolicyInEveryCellAgainstTheHpaFrontierAndWritesJsonAndAScoreboard() throws Exception {
        Path json = dir.resolve("e.json");
        Path html = dir.resolve("e.html");
        var r = SimulateCommandTest.run("evaluate", "--traces", traces().toString(), "--grid", grid().toString(),
                "--policy", "userscale,hpa", "--json", json.toString(), "--html", html.toString(), "--threads", "2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("not dominated").contains("clear wins").contains("median × oracle")
                .contains("hpa@80%").contains("elasticity at scenario base");
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertThat(doc.get("cells")).hasSize(4);
        for (JsonNode cell : doc.get("cells")) {
            assertThat(cell.get("hpaFrontier")).hasSize(7);
            assertThat(cell.get("oracleReplicaSeconds").asDouble()).isPositive();
            assertThat(cell.get("oracleVerdict").asText()).isIn("won", "clear-win");
            for (JsonNode p : cell.get("policies")) {
                assertThat(p.get("verdict").asText()).isIn("dominated", "won", "clear-win");
                assertThat(p.get("elasticity").fieldNames()).toIterable()
                        .containsExactly("thetaU", "thetaO", "tauU", "tauO", "upsilon");
                assertThat(p.get("oracleRatio").asDouble())
                        .isEqualTo(p.get("replicaSeconds").asDouble() / cell.get("oracleReplicaSeconds").asDouble());
            }
            // the default HPA is the frontier's 50 % run
            JsonNode hpa = cell.get("policies").get(1);
            JsonNode at50 = cell.get("hpaFrontier").get(3);
            assertThat(at50.get("cpuTarget").asInt()).isEqualTo(50);
            assertThat(hpa.get("replicaSeconds")).isEqualTo(at50.get("replicaSeconds"));
        }
        assertThat(doc.get("verdict").get("userscale").get("cells").asInt()).isEqualTo(4);
        long oracleClear = 0;
        for (JsonNode cell : doc.get("cells")) {
            oracleClear += cell.get("oracleVerdict").asText().equals("clear-win") ? 1 : 0;
        }
        assertThat(doc.get("verdict").get("oracle").get("clearWins").asLong()).isEqualTo(oracleClear);
        assertThat(r.out()).contains("the most a policy that meets the SLO can have");
        assertThat(Files.readString(html)).contains("<table").contains("<svg").contains("steps.csv")
                .contains("Elasticity at base");
    }

    @Test
    void runsItHasAlreadyMadeAreTakenFromAnEarlierJson() throws Exception {
        Path first = dir.resolve("first.json");
        var r = SimulateCommandTest.run("evaluate", "--traces", traces().resolve("steps.csv").toString(),
                "--grid", grid().toString(), "--scenarios", "base", "--policy", "seed", "--json", first.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        // mark the earlier HPA at 80 % so that only a reused run can carry the mark
        ObjectMapper m = new ObjectMapper();
        ObjectNode doc = (ObjectNode) m.readTree(first.toFile());
        ObjectNode run = (ObjectNode) doc.get("cells").get(0).get("hpaFrontier").get(6).get("run");
        run.put("violations", 123456);
        m.writeValue(first.toFile(), doc);
        Path second = dir.resolve("second.json");
        r = SimulateCommandTest.run("evaluate", "--traces", traces().resolve("steps.csv").toString(),
                "--grid", grid().toString(), "--scenarios", "base", "--policy", "seed", "--reuse", first.toString(),
                "--json", second.toString(), "--set", "CPU_TARGET=45");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode cell = m.readTree(second.toFile()).get("cells").get(0);
        assertThat(cell.get("hpaFrontier").get(6).get("sloViolationSeconds").asLong()).isEqualTo(123456);
        assertThat(cell.get("policies").get(0).get("run").get("version").asText())
                .as("another parameter, another version: run again").isNotEqualTo(
                        m.readTree(first.toFile()).get("cells").get(0).get("policies").get(0).get("run").get("version")
                                .asText());
    }

    @Test
    void aRangeOfSeedsRunsEachRoutedScenarioOncePerSeedAndFluidOnesOnce() throws Exception {
        Path steps = traces().resolve("steps.csv");
        Path json = dir.resolve("seeds.json");
        var r = SimulateCommandTest.run("evaluate", "--traces", steps.toString(), "--grid", grid().toString(),
                "--scenarios", "base", "--policy", "userscale", "--arrivals", "poisson", "--seed", "3-5",
                "--json", json.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        ObjectMapper m = new ObjectMapper();
        JsonNode cells = m.readTree(json.toFile()).get("cells");
        assertThat(cells).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode s = cells.get(i).get("scenario");
            assertThat(s.get("name").asText()).isEqualTo("base/s" + (3 + i));
            assertThat(s.get("seed").asLong()).isEqualTo(3 + i);
        }
        // other samples of the noise, other runs
        assertThat(cells.get(0).get("policies").get(0).get("replicaSeconds"))
                .isNotEqualTo(cells.get(1).get("policies").get(0).get("replicaSeconds"));
        assertThat(m.readTree(json.toFile()).get("verdict").get("userscale").get("cells").asInt()).isEqualTo(3);

        r = SimulateCommandTest.run("evaluate", "--traces", steps.toString(), "--grid", grid().toString(),
                "--scenarios", "base", "--policy", "userscale", "--seed", "3-5", "--json", json.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(m.readTree(json.toFile()).get("cells")).as("fluid arrivals have no noise to sample").hasSize(1);

        r = SimulateCommandTest.run("evaluate", "--traces", steps.toString(), "--seed", "5-3");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--seed: expected A-B with A <= B");
        r = SimulateCommandTest.run("evaluate", "--traces", steps.toString(), "--seed", "one");
        assertThat(r.err()).contains("--seed: expected N or A-B, got one");
    }

    @Test
    void badInputIsNamed() throws Exception {
        var r = SimulateCommandTest.run("evaluate", "--traces", dir.resolve("none").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--traces: no such file or folder");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"scenarios\": [{\"name\": \"x\", \"sloMs\": \"fast\"}]}");
        r = SimulateCommandTest.run("evaluate", "--traces", traces().toString(), "--grid", bad.toString());
        assertThat(r.err()).contains("--grid: scenarios[0].sloMs: must be a number");
        r = SimulateCommandTest.run("evaluate", "--traces", traces().toString(), "--scenarios", "nope");
        assertThat(r.err()).contains("--scenarios: no scenario 'nope' in the grid; it has: base, scrape-1s");
        r = SimulateCommandTest.run("evaluate", "--traces", traces().toString(), "--policy", "keda");
        assertThat(r.err()).contains("--policy: unknown policy 'keda'");
    }
}
