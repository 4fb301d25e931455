package io.userscale.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.codec.Decoded;
import io.userscale.kafka.contract.ContractRecord;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.contract.TargetSnapshot;
import io.userscale.kafka.local.LocalKafka;
import io.userscale.kafka.local.Ports;
import io.userscale.kafka.serde.ContractSerializer;
import io.userscale.kafka.topic.ClientConfigs;
import io.userscale.kafka.topic.Topic;
import io.userscale.kafka.topic.TopicReadBack;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two engine instances share {@code userscale.metrics}' partitions in one consumer group; one is
 * killed with SIGKILL mid-stream. The survivor takes its partitions over within the group's
 * session timeout and goes on from the published decisions: every snapshot is decided exactly
 * once — none by both instances, none lost in the handover.
 */
class EngineFailoverIT {

    static final int TARGETS = 40;
    static final int SECONDS = 40;
    static final int KILL_AT = 12;

    @TempDir
    Path dir;

    @Test
    void theSurvivorTakesTheDeadInstancesTargetsOverAndEverySnapshotIsDecidedOnce() throws Exception {
        Path jar = DemoIT.ROOT.resolve("decision-engine/target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("the reactor packages the engine before the demo module's tests").exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (LocalKafka broker = LocalKafka.start(LocalKafka.Settings.defaults(dir.resolve("kafka"),
                DemoIT.ROOT.resolve("kafka/broker/target/broker"))
                .withPorts(Ports.pickFree("127.0.0.1"), Ports.pickFree("127.0.0.1")))) {
            Map<String, String> props = Map.of("kafka.bootstrap.servers", broker.bootstrapServers(),
                    "userscale.engine.policy", "seed", "userscale.engine.parameters.MAX_REPLICAS", "20");
            ServiceProcess a = ServiceProcess.start("engine-a", java, jar, Ports.pickFree("127.0.0.1"), props,
                    dir.resolve("logs"));
            ServiceProcess b = ServiceProcess.start("engine-b", java, jar, Ports.pickFree("127.0.0.1"), props,
                    dir.resolve("logs"));
            try (a; b; var producer = new KafkaProducer<String, ContractRecord>(
                    ClientConfigs.producer(broker.bootstrapServers(), ContractSerializer.class))) {
                a.awaitReady(Duration.ofSeconds(90));
                b.awaitReady(Duration.ofSeconds(90));
                Instant start = Instant.now();
                Instant killedAt = null;
                for (int t = 0; t < SECONDS; t++) {
                    Instant ts = start.plusSeconds(t);
                    for (int i = 0; i < TARGETS; i++) {
                        TargetRef target = TargetRef.deployment("shop", "app-" + i);
                        producer.send(new ProducerRecord<>(Topic.METRICS.topicName(), target.key(),
                                snapshot(target, ts, 5 + (t + i) % 20)));
                    }
                    producer.flush();
                    if (t == KILL_AT) {
                        a.kill();
                        killedAt = Instant.now();
                    }
                    Thread.sleep(Math.max(0, Duration.between(Instant.now(), start.plusSeconds(t + 1)).toMillis()));
                }
                var reader = new TopicReadBack(broker.bootstrapServers(), "it-failover", Duration.ofSeconds(30),
                        Map.of());
                List<String> snapshots = new ArrayList<>();
                reader.read(Topic.METRICS, start.minusSeconds(5), r -> snapshots.add(r.partition() + "@" + r.offset()));
                ContractCodec<Decision> codec = ContractCodec.of(ContractType.DECISION);
                Map<String, Integer> decided = new HashMap<>();
                Map<String, Integer> ids = new HashMap<>();
                TreeMap<Long, Integer> decisionsPerSecond = new TreeMap<>();
                // the survivor works through what the dead instance left once it holds its partitions
                Instant lastSent = Instant.now();
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2))
                        .until(() -> {
                            decided.clear();
                            ids.clear();
                            decisionsPerSecond.clear();
                            reader.read(Topic.DECISIONS, start.minusSeconds(5), r -> {
                                if (codec.decode(r.value()) instanceof Decoded.Valid<Decision> ok) {
                                    Decision d = ok.value();
                                    decided.merge(d.input().partition() + "@" + d.input().offset(), 1, Integer::sum);
                                    ids.merge(d.decisionId(), 1, Integer::sum);
                                    decisionsPerSecond.merge(d.ts().getEpochSecond() - start.getEpochSecond(), 1,
                                            Integer::sum);
                                }
                            });
                            return decided.keySet().containsAll(snapshots) || !b.isAlive();
                        });
                System.out.printf("all decided %.1f s after the last snapshot was sent%n",
                        Duration.between(lastSent, Instant.now()).toMillis() / 1000.0);
                assertThat(b.isAlive()).isTrue();
                assertThat(snapshots).hasSize(TARGETS * SECONDS);
                assertThat(ids.values()).as("no decision id twice").allMatch(n -> n == 1);
                List<String> twice = decided.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                        .toList();
                List<String> never = snapshots.stream().filter(s -> !decided.containsKey(s)).toList();
                System.out.printf("killed engine-a at %d s (%s); decisions per second of event time: %s%n", KILL_AT,
                        killedAt, decisionsPerSecond);
                assertThat(twice).as("snapshots decided by both instances").isEmpty();
                assertThat(never).as("snapshots never decided").isEmpty();
            }
        }
    }

    static TargetSnapshot snapshot(TargetRef target, Instant ts, double usersPerPod) {
        List<TargetSnapshot.PodSample> pods = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            pods.add(new TargetSnapshot.PodSample("p" + p, true, ts.minusSeconds(600), usersPerPod, 40.0, null, null,
                    null, null));
        }
        return new TargetSnapshot(target, ts, 1000, new TargetSnapshot.Replicas(2, 2), pods);
    }
}
