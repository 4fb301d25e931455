package io.userscale.engine.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.contract.TargetSnapshot;
import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.testing.TestKafka;
import io.userscale.kafka.topic.ClientConfigs;
import io.userscale.kafka.topic.Topic;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged engine, killed with SIGKILL in the middle of a cooldown and started again, still
 * holds the cooldown: it rebuilds the target's state from the decisions it had published.
 */
class EngineRestartIT {

    static final Path APP = Path.of("target/quarkus-app/quarkus-run.jar");
    static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aKilledAndRestartedEngineKeepsTheCooldown() throws Exception {
        assumeTrue(Files.isRegularFile(APP), "skipped: " + APP + " is not built (run through Maven: ./mvnw verify)");
        TargetRef target = TargetRef.deployment("restart-" + UUID.randomUUID(), "gpu-app");
        Process engine = start("first");
        try {
            send(target, DecisionEngineIT.snapshot(target, T0, 1, 25, 75)); // 1 -> 3, cooldown 30 s from T0
            List<Decision> first = DecisionEngineIT.read(Topic.DECISIONS, target.key(), 1, ContractType.DECISION);
            assertThat(first).hasSize(1);
            assertThat(first.get(0).action()).isEqualTo(Decision.Action.SCALE_UP);
        } finally {
            engine.destroyForcibly(); // SIGKILL: no shutdown, nothing saved but what was published
            engine.waitFor(30, TimeUnit.SECONDS);
        }
        Process restarted = start("second");
        try {
            send(target, DecisionEngineIT.snapshot(target, T0.plusSeconds(10), 3, 30, 95)); // wants more, 10 s later
            List<Decision> all = DecisionEngineIT.read(Topic.DECISIONS, target.key(), 2, ContractType.DECISION);
            assertThat(all).hasSize(2);
            Decision after = all.get(1);
            assertThat(after.ts()).isEqualTo(T0.plusSeconds(10));
            assertThat(after.blockedBy()).isEqualTo(Decision.BlockedBy.COOLDOWN);
            assertThat(after.replicas().finalCount()).isEqualTo(3);
            assertThat(after.summary()).startsWith("⏳ Scale blocked by cooldown");
        } finally {
            restarted.destroyForcibly();
            restarted.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process start(String name) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(),
                "-Dkafka.bootstrap.servers=" + TestKafka.bootstrapServers(),
                "-Dquarkus.http.port=0",
                "-Duserscale.engine.policy=seed",
                "-Dmp.messaging.incoming.metrics-in.group.id=restart-it-" + UUID.randomUUID(),
                "-jar", APP.toString()));
        // each run its own group from the earliest offset: the second run sees the first snapshot again
        // (a redelivery it must recognise as decided) and the new one
        File log = dir.resolve(name + ".log").toFile();
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
    }

    private static void send(TargetRef target, TargetSnapshot snapshot) throws Exception {
        var codec = ContractCodec.of(ContractType.TARGET_SNAPSHOT);
        try (var producer = new KafkaProducer<byte[], byte[]>(ClientConfigs.bytesProducer(TestKafka.bootstrapServers()))) {
            producer.send(new ProducerRecord<>(Topic.METRICS.topicName(), target.key().getBytes(StandardCharsets.UTF_8),
                    codec.encode(snapshot))).get(30, TimeUnit.SECONDS);
        }
    }
}
