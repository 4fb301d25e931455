package io.userscale.engine.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.userscale.engine.policy.Decider;
import io.userscale.engine.policy.Policies;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.contract.TargetSnapshot;
import io.userscale.kafka.dlq.DeadLetters;
import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.codec.ContractJson;
import io.userscale.kafka.codec.Decoded;
import io.userscale.kafka.testing.TestKafka;
import io.userscale.kafka.testing.TestKafkaResource;
import io.userscale.kafka.topic.ClientConfigs;
import io.userscale.kafka.topic.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The running engine against a real broker: snapshots in, decisions and commands out. */
@QuarkusTest
@QuarkusTestResource(TestKafkaResource.class)
@TestProfile(DecisionEngineIT.SeedPolicy.class)
class DecisionEngineIT {

    /** The seed's rules, whose 30 s cooldown the restart test relies on. */
    public static final class SeedPolicy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("userscale.engine.policy", "seed", "userscale.engine.parameters.MAX_REPLICAS", "20",
                    "userscale.engine.targets.\"it-own/gpu-app\".policy", "seed-aggressive",
                    "userscale.engine.targets.\"it-own/gpu-app\".parameters.MAX_REPLICAS", "2");
        }
    }

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    static TargetSnapshot snapshot(TargetRef target, Instant ts, int replicas, double usersPerPod, double cpu) {
        List<TargetSnapshot.PodSample> pods = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            pods.add(new TargetSnapshot.PodSample("pod-" + i, true, ts.minusSeconds(600), usersPerPod, cpu, null, 10.0,
                    null, null));
        }
        return new TargetSnapshot(target, ts, 5000, new TargetSnapshot.Replicas(replicas, replicas), pods);
    }

    @Test
    void theChannelsTopicsComeFromTheCatalog() {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        TopicConfigSource.TOPICS.forEach((property, topic) -> {
            var value = config.getConfigValue(property);
            assertThat(value.getValue()).as(property).isEqualTo(topic);
            assertThat(value.getSourceName()).as(property).isEqualTo("userscale topic catalog");
        });
        assertThat(TopicConfigSource.TOPICS.values()).containsExactlyInAnyOrder(Topic.METRICS.topicName(),
                Topic.DECISIONS.topicName(), Topic.COMMANDS.topicName(), Topic.DLQ.topicName());
        // and the metrics consumer is given up on as quickly as every other userscale consumer
        assertThat(config.getValue("mp.messaging.incoming.metrics-in.session.timeout.ms", Integer.class))
                .isEqualTo(io.userscale.kafka.topic.ClientConfigs.SESSION_TIMEOUT_MS);
        assertThat(config.getConfigValue("mp.messaging.incoming.metrics-in.heartbeat.interval.ms").getSourceName())
                .isEqualTo("userscale topic catalog");
    }

    @Test
    void snapshotsBecomeDecisionsAndCommandsAndGarbageGoesToTheDeadLetterTopic() throws Exception {
        TargetRef target = TargetRef.deployment("it-" + UUID.randomUUID(), "gpu-app");
        String key = target.key();
        var codec = ContractCodec.of(ContractType.TARGET_SNAPSHOT);
        List<Long> offsets = new ArrayList<>();
        try (var producer = new KafkaProducer<byte[], byte[]>(ClientConfigs.bytesProducer(TestKafka.bootstrapServers()))) {
            for (byte[] value : List.of(
                    codec.encode(snapshot(target, T0, 1, 25, 75.2)),
                    "{not json".getBytes(StandardCharsets.UTF_8),
                    codec.encode(snapshot(target, T0.plusSeconds(10), 3, 20, 90)))) {
                offsets.add(producer.send(new ProducerRecord<>(Topic.METRICS.topicName(),
                        key.getBytes(StandardCharsets.UTF_8), value)).get(30, TimeUnit.SECONDS).offset());
            }
        }

        List<Decision> decisions = read(Topic.DECISIONS, key, 2, ContractType.DECISION);
        assertThat(decisions).hasSize(2);
        Decision first = decisions.get(0);
        assertThat(first.action()).isEqualTo(Decision.Action.SCALE_UP);
        assertThat(first.replicas().current()).isEqualTo(1);
        assertThat(first.replicas().finalCount()).isEqualTo(3);
        assertThat(first.summary()).startsWith("🚀 SCALED replicas 1 -> 3 (users=25 cpu=75.2%");
        assertThat(first.policy().name()).isEqualTo("seed");
        assertThat(first.policy().parameters()).containsEntry("MAX_REPLICAS", "20");
        assertThat(first.input().offset()).isEqualTo(offsets.get(0));
        Decision second = decisions.get(1);
        assertThat(second.input().offset()).as("the good record after the garbage is decided").isEqualTo(offsets.get(2));
        assertThat(second.blockedBy()).isEqualTo(Decision.BlockedBy.COOLDOWN);

        List<ScaleCommand> commands = read(Topic.COMMANDS, key, 1, ContractType.SCALE_COMMAND);
        assertThat(commands).hasSize(1);
        assertThat(commands.get(0).replicas()).isEqualTo(3);
        assertThat(commands.get(0).decisionId()).isEqualTo(first.decisionId());

        ConsumerRecord<byte[], byte[]> letter = deadLetter(key);
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_OFFSET)).contains(offsets.get(1).toString());
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.ERROR).orElseThrow()).startsWith("not valid JSON");

        // the decisions can be read back by event time, as a restarted engine does
        var history = new KafkaDecisionHistory(TestKafka.bootstrapServers(), Duration.ofSeconds(15));
        assertThat(history.since(target, T0.minusSeconds(100))).extracting(Decision::decisionId)
                .containsExactly(first.decisionId(), second.decisionId());
        assertThat(history.since(target, T0.plusSeconds(5))).extracting(Decision::decisionId)
                .containsExactly(second.decisionId());

        // a restarted engine (new instance, nothing in memory) resumes the cooldown from the decisions
        var seed = Policies.byName("seed", Map.of("MAX_REPLICAS", "20"));
        var restarted = new EngineCore(new Decider<>(seed),
                new KafkaDecisionHistory(TestKafka.bootstrapServers(), Duration.ofSeconds(15)));
        var next = restarted.handle(key, codec.encode(snapshot(target, T0.plusSeconds(20), 3, 20, 90)),
                Topic.METRICS.topicName(), 0, 99);
        assertThat(next).isInstanceOf(EngineCore.Result.Decided.class);
        var decided = (EngineCore.Result.Decided) next;
        assertThat(decided.decision().blockedBy()).isEqualTo(Decision.BlockedBy.COOLDOWN);
        assertThat(decided.command()).isNull();
        // while an engine that forgot everything would scale at once
        var amnesiac = new EngineCore(new Decider<>(seed), (t, since) -> List.of());
        var forgetful = (EngineCore.Result.Decided) amnesiac.handle(key,
                codec.encode(snapshot(target, T0.plusSeconds(20), 3, 20, 90)), Topic.METRICS.topicName(), 0, 99);
        assertThat(forgetful.command()).isNotNull();
        // an engine that cannot read the decisions back in time decides nothing rather than from nothing
        // (which would scale at once, as above); the target's next snapshot tries again
        var unreachable = new KafkaDecisionHistory("127.0.0.1:1", Duration.ofSeconds(1));
        var reachable = new KafkaDecisionHistory(TestKafka.bootstrapServers(), Duration.ofSeconds(15));
        var reads = new java.util.concurrent.atomic.AtomicInteger();
        var cut = new EngineCore(new Decider<>(seed),
                (t, since) -> (reads.getAndIncrement() == 0 ? unreachable : reachable).since(t, since));
        var deferred = cut.handle(key, codec.encode(snapshot(target, T0.plusSeconds(20), 3, 20, 90)),
                Topic.METRICS.topicName(), 0, 99);
        assertThat(deferred).isInstanceOfSatisfying(EngineCore.Result.Deferred.class, d -> assertThat(d.reason())
                .contains(key, "reading userscale.decisions back took longer than PT1S", "next snapshot tries again"));
        var retried = cut.handle(key, codec.encode(snapshot(target, T0.plusSeconds(22), 3, 20, 90)),
                Topic.METRICS.topicName(), 0, 100);
        assertThat(retried).isInstanceOfSatisfying(EngineCore.Result.Decided.class,
                d -> assertThat(d.decision().blockedBy()).isEqualTo(Decision.BlockedBy.COOLDOWN));
        // and a restarted engine recognises a redelivered, already decided snapshot
        var redelivered = restarted.handle(key, codec.encode(snapshot(target, T0.plusSeconds(10), 3, 20, 90)),
                Topic.METRICS.topicName(), 0, offsets.get(2));
        assertThat(redelivered).isInstanceOf(EngineCore.Result.Ignored.class);
    }

    @Test
    void recordThenReplayReproducesTheLiveDecisionsFieldForField(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        TargetRef target = TargetRef.deployment("replay-" + UUID.randomUUID(), "gpu-app");
        var codec = ContractCodec.of(ContractType.TARGET_SNAPSHOT);
        double[] users = {5, 40, 80, 120, 60, 20, 10, 10};
        int replicas = 2;
        try (var producer = new KafkaProducer<byte[], byte[]>(ClientConfigs.bytesProducer(TestKafka.bootstrapServers()))) {
            for (int i = 0; i < users.length; i++) {
                var snap = snapshot(target, T0.plusSeconds(15L * i), replicas, users[i] / replicas, 30 + 5 * i);
                producer.send(new ProducerRecord<>(Topic.METRICS.topicName(),
                        target.key().getBytes(StandardCharsets.UTF_8), codec.encode(snap))).get(30, TimeUnit.SECONDS);
            }
        }
        List<Decision> live = read(Topic.DECISIONS, target.key(), users.length, ContractType.DECISION);
        assertThat(live).hasSize(users.length);

        java.nio.file.Path recording = dir.resolve("rec.jsonl");
        java.nio.file.Path replayed = dir.resolve("out.jsonl");
        var tools = io.userscale.engine.tools.EngineTools.commandLine();
        assertThat(tools.execute("record", "--bootstrap", TestKafka.bootstrapServers(), "--target", target.key(),
                "--output", recording.toString())).isZero();
        assertThat(java.nio.file.Files.readAllLines(recording)).hasSize(users.length + 1)
                .first().asString().contains("\"kind\":\"policy\"").contains("\"name\":\"seed\"");
        assertThat(io.userscale.engine.tools.EngineTools.commandLine().execute("replay", "--input", recording.toString(),
                "--output", replayed.toString())).isZero();
        List<Decision> replay = new ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(replayed)) {
            replay.add(ContractJson.mapper().readValue(line, Decision.class));
        }
        assertThat(replay).isEqualTo(live);

        // the same recording through another policy decides differently, and says so by name
        java.nio.file.Path other = dir.resolve("hpa.jsonl");
        assertThat(io.userscale.engine.tools.EngineTools.commandLine().execute("replay", "--input", recording.toString(),
                "--policy", "hpa", "--output", other.toString())).isZero();
        assertThat(java.nio.file.Files.readAllLines(other)).hasSize(users.length).allMatch(l -> l.contains("\"name\":\"hpa\""));
    }

    @Test
    void aTargetWithItsOwnSettingsIsDecidedByThem() throws Exception {
        TargetRef target = TargetRef.parseKey("it-own/gpu-app");
        var codec = ContractCodec.of(ContractType.TARGET_SNAPSHOT);
        try (var producer = new KafkaProducer<byte[], byte[]>(ClientConfigs.bytesProducer(TestKafka.bootstrapServers()))) {
            producer.send(new ProducerRecord<>(Topic.METRICS.topicName(), target.key().getBytes(StandardCharsets.UTF_8),
                    codec.encode(snapshot(target, T0, 1, 25, 75)))).get(30, TimeUnit.SECONDS);
        }
        Decision d = read(Topic.DECISIONS, target.key(), 1, ContractType.DECISION).get(0);
        assertThat(d.policy().name()).isEqualTo("seed-aggressive");
        assertThat(d.policy().parameters()).containsEntry("MAX_REPLICAS", "2");
        assertThat(d.replicas().finalCount()).isEqualTo(2);
        assertThat(d.blockedBy()).isEqualTo(Decision.BlockedBy.BOUNDS);
    }

    @Test
    void healthIsUpAndTheEnginesMetricsAreExposed() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("userscale_engine_commands_total"))
                .body(containsString("userscale_engine_dead_letters_total"))
                .body(containsString("userscale_engine_targets"));
    }

    static <T extends io.userscale.kafka.contract.ContractRecord> List<T> read(Topic topic, String key, int expected,
                                                                              ContractType<T> type) {
        var codec = ContractCodec.of(type);
        List<T> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(
                ClientConfigs.bytesConsumer(TestKafka.bootstrapServers(), "it-" + UUID.randomUUID()))) {
            consumer.subscribe(List.of(topic.topicName()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))
                            && codec.decode(r.value()) instanceof Decoded.Valid<T> v) {
                        found.add(v.value());
                    }
                }
            }
            // nothing more arrives for this key
            for (var r : consumer.poll(Duration.ofSeconds(2))) {
                if (r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                    found.add(ContractJson.mapper().convertValue(Map.of(), type.recordClass()));
                }
            }
        }
        return found;
    }

    static ConsumerRecord<byte[], byte[]> deadLetter(String key) {
        try (var consumer = new KafkaConsumer<byte[], byte[]>(
                ClientConfigs.bytesConsumer(TestKafka.bootstrapServers(), "it-dlq-" + UUID.randomUUID()))) {
            consumer.subscribe(List.of(Topic.DLQ.topicName()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no dead letter keyed " + key);
    }
}
