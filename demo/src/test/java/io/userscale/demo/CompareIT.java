package io.userscale.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare} end to end, short: two policies through the real pipeline (a fresh broker, the
 * packaged services, gpu-app replicas on the modelled device) under the same open-loop step.
 */
class CompareIT {

    @TempDir
    Path dir;

    @Test
    void theSameLoadThroughTwoPoliciesAndATableOfWhatEachDid() throws Exception {
        DemoIT.assertPackaged("metrics-ingest", "decision-engine", "actuator", "gpu-app");
        Path json = dir.resolve("compare.json");
        Path report = dir.resolve("compare.html");
        String out = DemoIT.execute(CompareCommand.commandLine(), "--policies", "static,userscale", "--duration", "40",
                "--warmup", "10", "--port", "0", "--json", json.toString(), "--report", report.toString());

        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertThat(doc.at("/scenario/warmupS").asInt()).isEqualTo(10);
        assertThat(out).as("each run warms up before it is measured").contains("warm-up  10/10 s");
        JsonNode runs = doc.get("runs");
        assertThat(runs).hasSize(2);
        JsonNode fixed = runs.get(0);
        JsonNode scaled = runs.get(1);
        assertThat(fixed.get("policy").asText()).isEqualTo("static");
        assertThat(scaled.get("policy").asText()).isEqualTo("userscale");
        long a = fixed.get("requestsIssued").asLong();
        long b = scaled.get("requestsIssued").asLong();
        assertThat(Math.abs(a - b)).as("both runs were offered the same requests: %d and %d", a, b)
                .isLessThanOrEqualTo(Math.max(a, b) / 20);
        assertThat(fixed.get("replicasPeak").asInt()).as("static never leaves the minimum").isEqualTo(1);
        assertThat(fixed.get("scaleOperations").asInt()).isZero();
        assertThat(scaled.get("replicasPeak").asInt()).as("userscale scales out").isGreaterThanOrEqualTo(2);
        // the step is met by a scale-up after it, or by pods the opening load (its cold start) had
        // already made the policy add: the table says which
        if (scaled.get("firstScaleUpSeconds").isNumber()) {
            assertThat(scaled.get("firstScaleUpSeconds").asDouble()).isNotNegative();
        } else {
            assertThat(scaled.get("replicasAtStep").asInt()).as(scaled.toString()).isGreaterThanOrEqualTo(2);
            assertThat(out).contains("none after the step (" + scaled.get("replicasAtStep").asInt() + " replicas at it)");
        }
        assertThat(fixed.get("replicasAtStep").asInt()).isEqualTo(1);
        assertThat(fixed.get("p95Ms").asDouble()).as("one replica cannot keep up with the step")
                .isGreaterThan(scaled.get("p95Ms").asDouble());
        assertThat(fixed.get("sloViolationSeconds").asInt())
                .isGreaterThan(scaled.get("sloViolationSeconds").asInt());
        assertThat(out).contains("policy").contains("SLO-viol s").contains("replica-s");
        for (JsonNode run : runs) { // the simulator on the same scenario, beside each run
            assertThat(run.at("/simulated/replicaSeconds").asDouble()).as(run.toString()).isPositive();
        }
        assertThat(fixed.at("/simulated/replicaSeconds").asDouble()).as("static holds one replica in the model too")
                .isEqualTo(40.0);
        assertThat(out).contains("sim-to-real");
        double oracle = doc.at("/oracle/replicaSeconds").asDouble();
        assertThat(oracle).as("the oracle spends at least one replica through the load and no more than the most")
                .isGreaterThanOrEqualTo(doc.at("/scenario/durationS").asDouble())
                .isLessThanOrEqualTo(doc.at("/scenario/durationS").asDouble() * doc.at("/scenario/maxReplicas").asInt());
        assertThat(out).contains(String.format(java.util.Locale.ROOT, "meets the SLO every second with %.0f", oracle));
        JsonNode spread = doc.get("policies"); // each policy over its runs: one each here
        assertThat(spread).hasSize(2);
        assertThat(spread.get(1).get("policy").asText()).isEqualTo("userscale");
        assertThat(spread.get(1).get("runs").asInt()).isEqualTo(1);
        assertThat(spread.get(1).at("/replicaSeconds/median").asDouble())
                .isEqualTo(scaled.get("replicaSeconds").asDouble());
        assertThat(scaled.get("round").asInt()).isEqualTo(1);
        assertThat(Files.readString(report)).contains("<svg").contains("modelled device").contains("SCALED");
    }
}
