package io.userscale.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench pipeline} at a small scale: 100 targets of 2 pods scraped every 2 s by the real
 * ingest, two engine instances sharing {@code userscale.metrics}, the first killed with SIGKILL
 * mid-run. The survivor takes the dead instance's partitions over within the consumer session
 * timeout (10 s) plus an interval and a rebalance; no snapshot is left undecided or decided twice.
 */
class BenchPipelineIT {

    @TempDir
    Path dir;

    @Test
    void twoEnginesKeepUpAndTheSurvivorTakesOverWithNothingLostOrDecidedTwice() throws Exception {
        DemoIT.assertPackaged("metrics-ingest", "decision-engine", "actuator");
        Path json = dir.resolve("pipeline.json");
        DemoIT.execute(BenchPipelineCommand.commandLine(), "--targets", "100", "--pods-per-target", "2", "--interval",
                "2", "--engines", "2", "--warmup", "20", "--duration", "40", "--kill-engine-at", "15", "--json",
                json.toString());

        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertThat(r.get("snapshotsPerSecond").asDouble()).as("snapshots/s against targets ÷ interval")
                .isGreaterThanOrEqualTo(0.9 * r.get("expectedSnapshotsPerSecond").asDouble());
        assertThat(r.get("scrapesPerSecond").asDouble()).isGreaterThanOrEqualTo(0.9 * 100 * 2 / 2.0);
        assertThat(r.get("lagGrowing").asBoolean()).as("lag %s", r.get("lagEvery5s")).isFalse();
        JsonNode failover = r.get("failover");
        assertThat(failover.get("undecidedSnapshots").asInt()).isZero();
        assertThat(failover.get("duplicateDecisions").asInt()).isZero();
        assertThat(failover.get("seconds").asDouble()).as("session timeout 10 s + an interval + the rebalance")
                .isLessThanOrEqualTo(10 + 2 + 8);
        assertThat(r.get("services").has("engine-1")).isTrue();
        assertThat(r.get("services").has("engine-0")).as("the killed instance is not measured").isFalse();
    }
}
