package io.userscale.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
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
        for (String jar : List.of("metrics-ingest", "decision-engine", "actuator", "gpu-app")) {
            assertThat(DemoIT.ROOT.resolve(jar + "/target/quarkus-app/quarkus-run.jar"))
                    .as("the reactor packages %s before the demo module's tests", jar).exists();
        }
        Path json = dir.resolve("chaos.json");
        StringWriter out = new StringWriter();
        var cli = ChaosCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int exit = cli.execute("--faults", "engine-kill,garbage,broker-outage", "--outage-s", "5",
                "--json", json.toString());
        System.out.println(out);
        assertThat(exit).as(out.toString()).isZero();

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
        assertThat(out.toString()).contains("nothing left behind");
    }
}
