package io.userscale.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chaos} end to end, a subset: the engine killed with SIGKILL, bad records on the input
 * topics and a short broker outage, on the real pipeline under load; every invariant checked.
 */
class ChaosIT {

    @TempDir
    Path dir;

    @Test
    void theLoopSurvivesAKilledEngineBadRecordsAndABrokerOutageLosingNothing() throws Exception {
        DemoIT.assertPackaged("metrics-ingest", "decision-engine", "actuator", "gpu-app");
        Path json = dir.resolve("chaos.json");
        String out = DemoIT.execute(ChaosCommand.commandLine(), "--faults", "engine-kill,garbage,broker-outage",
                "--outage-s", "5", "--json", json.toString());

        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertThat(doc.get("faults")).extracting(f -> f.get("name").asText())
                .containsExactly("engine-kill", "garbage", "broker-outage");
        for (JsonNode f : doc.get("faults")) {
            assertThat(f.get("survived").asBoolean()).as(f.toString()).isTrue();
            assertThat(f.get("lostRecords").asInt()).as(f.toString()).isZero();
            assertThat(f.get("duplicateActuations").asInt()).as(f.toString()).isZero();
            assertThat(f.get("recoverySeconds").asDouble()).as(f.toString())
                    .isLessThanOrEqualTo(f.get("boundSeconds").asDouble());
        }
        assertThat(doc.at("/faults/1/notes").toString()).contains("14 of 14 bad records found on userscale.dlq");
        assertThat(doc.get("leftBehind")).isEmpty();
        assertThat(out).contains("nothing left behind");
    }
}
