package io.userscale.actuator.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.userscale.actuator.backend.ScaleBackend;
import io.userscale.actuator.core.Bounds;
import io.userscale.actuator.core.BoundsTable;
import io.userscale.actuator.core.CommandGate;
import io.userscale.actuator.core.CommandHandler;
import io.userscale.kafka.contract.ActuationResult.Status;
import io.userscale.kafka.contract.ActuationResult;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.dlq.DeadLetters;
import io.userscale.kafka.testing.TestKafkaResource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The running actuator (dry-run backend) against a real broker: commands in, one result each out. */
@QuarkusTest
@QuarkusTestResource(TestKafkaResource.class)
class ActuatorIT {

    static ScaleCommand command(TargetRef target, String id, Instant issuedAt, int from, int to) {
        return new ScaleCommand(id, "decision-" + id, target, to, from, issuedAt, issuedAt.plusSeconds(60), false);
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void eachCommandGetsOneResultRedeliveriesNoneAndGarbageGoesToTheDeadLetterTopic() throws Exception {
        TargetRef target = TargetRef.deployment("it-" + UUID.randomUUID(), "gpu-app");
        Instant t = now();
        ScaleCommand up = command(target, "up-" + UUID.randomUUID(), t, 1, 3);
        ScaleCommand newer = command(target, "newer-" + UUID.randomUUID(), t.plusSeconds(10), 3, 5);
        ScaleCommand older = command(target, "older-" + UUID.randomUUID(), t.plusSeconds(5), 3, 4);
        ScaleCommand tooMany = command(target, "many-" + UUID.randomUUID(), t.plusSeconds(20), 5, 11);
        ScaleCommand expired = command(target, "gone-" + UUID.randomUUID(), t.minusSeconds(600), 5, 6);
        List<Long> offsets = Topics.send(target.key(), List.of(
                Topics.encode(expired),
                Topics.encode(up),
                Topics.encode(up), // redelivered
                "{not json".getBytes(StandardCharsets.UTF_8),
                Topics.encode(newer),
                Topics.encode(older),
                Topics.encode(tooMany),
                Topics.encode(newer))); // redelivered

        var records = Topics.results(target.key(), r -> r.size() >= 5);
        List<ActuationResult> results = records.stream().map(ConsumerRecord::value).toList();
        assertThat(results).extracting(ActuationResult::commandId)
                .containsExactly(expired.commandId(), up.commandId(), newer.commandId(), older.commandId(),
                        tooMany.commandId());
        assertThat(results).extracting(ActuationResult::status)
                .containsExactly(Status.EXPIRED, Status.DRY_RUN, Status.DRY_RUN, Status.STALE, Status.REJECTED_BOUNDS);
        assertThat(results).allMatch(r -> r.backend().equals("dry-run") && r.target().equals(target));
        assertThat(results.get(0).error()).startsWith("expired at " + expired.expiresAt());
        assertThat(results.get(1).to()).isEqualTo(3);
        assertThat(results.get(3).error()).contains("before command " + newer.commandId());
        assertThat(results.get(4).error()).isEqualTo("11 replicas is outside " + target + "'s bounds [1, 10]");
        assertThat(records).allSatisfy(r -> assertThat(r.headers().lastHeader(ResultPublisher.ISSUED_AT)).isNotNull());
        assertThat(new String(records.get(2).headers().lastHeader(ResultPublisher.ISSUED_AT).value(),
                StandardCharsets.UTF_8)).isEqualTo(newer.issuedAt().toString());

        ConsumerRecord<byte[], byte[]> letter = Topics.deadLetter(target.key());
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_TOPIC)).contains("userscale.commands");
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_OFFSET)).contains(offsets.get(3).toString());
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.ERROR).orElseThrow()).startsWith("not valid JSON");

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("userscale_actuator_results_total{backend=\"dry-run\",status=\"DRY_RUN\"}"))
                .body(containsString("userscale_actuator_results_total{backend=\"dry-run\",status=\"STALE\"}"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'command-loop' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'command-loop' }.data.phase", equalTo("CONSUMING"));
    }

    /** Counts what it is asked to change; named like the Kubernetes backend. */
    static final class CountingBackend implements ScaleBackend {
        final List<String> scaled = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "kubernetes";
        }

        @Override
        public int replicas(TargetRef target) {
            return 1;
        }

        @Override
        public Optional<String> scale(ScaleCommand command, int from) {
            scaled.add(command.commandId());
            return Optional.empty();
        }
    }

    @Inject
    ActuatorService service;

    @Inject
    ResultPublisher publisher;

    @Test
    void aRestartedActuatorReadsItsResultsBackAndAppliesNothingTwice() throws Exception {
        TargetRef target = TargetRef.deployment("it-restart-" + UUID.randomUUID(), "gpu-app");
        ScaleCommand handled = command(target, "first-" + UUID.randomUUID(), now(), 1, 3);
        Topics.send(target.key(), List.of(Topics.encode(handled)));
        assertThat(Topics.results(target.key(), r -> r.size() >= 1)).hasSize(1);

        // the actuator restarted with nothing in memory: a new stream, its own backend, takes over
        // the channel; it sees the handled command again, as after a crash before the commit
        var backend = new CountingBackend();
        var handler = new CommandHandler(new CommandGate(new BoundsTable(new Bounds(1, 10), Map.of())), backend,
                Clock.systemUTC());
        var restarted = new CommandStream(service.streamSettings("it-restart-" + UUID.randomUUID()), handler,
                publisher::publish, (c, r) -> { }, Clock.systemUTC());
        CommandStream original = service.replaceStream(restarted);
        try {
            restarted.start();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                    assertThat(restarted.phase()).as("read back its results, now consuming")
                            .isEqualTo(CommandStream.Phase.CONSUMING));
            ScaleCommand next = command(target, "next-" + UUID.randomUUID(), now(), 3, 4);
            Topics.send(target.key(), List.of(Topics.encode(handled), Topics.encode(next)));
            // one result for the new command, none more for the old one
            List<ActuationResult> results = Topics.results(target.key(), r -> r.size() >= 2).stream()
                    .map(ConsumerRecord::value).toList();
            assertThat(results).filteredOn(r -> r.commandId().equals(handled.commandId())).hasSize(1);
            assertThat(results).filteredOn(r -> r.backend().equals("kubernetes"))
                    .extracting(ActuationResult::commandId, ActuationResult::status)
                    .containsExactly(tuple(next.commandId(), Status.APPLIED));
            assertThat(backend.scaled).containsExactly(next.commandId());
            assertThat(restarted.alive()).isTrue();
            assertThat(restarted.results()).isEqualTo(1);
        } finally {
            service.replaceStream(original);
            restarted.stop(Duration.ofSeconds(10));
        }
        assertThat(restarted.alive()).isFalse();
        assertThat(restarted.phase()).isEqualTo(CommandStream.Phase.STOPPED);
    }
}
