package io.userscale.kafka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.userscale.kafka.contract.ContractRecord;
import io.userscale.kafka.contract.Examples;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.serde.ContractSerializer;
import io.userscale.kafka.testing.CommandRun;
import io.userscale.kafka.testing.TestKafka;
import io.userscale.kafka.topic.ClientConfigs;
import io.userscale.kafka.topic.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code userscale decisions} against a real broker. */
class DecisionsCliIT {

    static final TargetRef OTHER = TargetRef.deployment("shop", "checkout");

    @BeforeAll
    static void publish() throws Exception {
        String servers = TestKafka.bootstrapServers();
        String topic = Topic.DECISIONS.topicName();
        Instant t = Instant.parse("2026-11-28T10:00:00Z");
        try (var producer = new KafkaProducer<String, ContractRecord>(
                ClientConfigs.producer(servers, ContractSerializer.class));
             var raw = new KafkaProducer<byte[], byte[]>(ClientConfigs.bytesProducer(servers))) {
            producer.send(new ProducerRecord<>(topic, Examples.TARGET.key(), Examples.decision(t)))
                    .get(30, TimeUnit.SECONDS);
            raw.send(new ProducerRecord<>(topic, "x".getBytes(StandardCharsets.UTF_8),
                    "{not json".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, OTHER.key(), Examples.decision(OTHER, t.plusSeconds(5))))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    static CommandRun run(String... args) {
        return CommandRun.of(DecisionsCli.commandLine(), args);
    }

    @Test
    void printsEveryDecisionAsItsSummaryAndSkipsGarbageSayingWhy() {
        CommandRun r = run("--bootstrap", TestKafka.bootstrapServers());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("2026-11-28T10:00:00Z  userscale/gpu-app  " + Examples.decision(
                Instant.parse("2026-11-28T10:00:00Z")).summary());
        assertThat(r.out()).contains("shop/checkout");
        assertThat(r.err()).contains("skipping userscale.decisions-").contains("@");
    }

    @Test
    void filtersByTargetAndPrintsJson() {
        CommandRun r = run("--bootstrap", TestKafka.bootstrapServers(), "--target", "shop/checkout", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().filter(l -> !l.isBlank())).singleElement()
                .satisfies(l -> assertThat(l).startsWith("{").contains("\"checkout\"").contains("userscale.decision/v1"));
    }

    @Test
    void badTargetAndAbsentBrokerAreOneLineErrors() {
        CommandRun bad = run("--bootstrap", TestKafka.bootstrapServers(), "--target", "nope");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("userscale decisions: --target must be NAMESPACE/NAME, got 'nope'")
                .contains("(try ./userscale decisions --help)").doesNotContain("Usage:");
        CommandRun none = run("--bootstrap", "127.0.0.1:1");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("no broker is listening on 127.0.0.1:1").doesNotContain("\tat ");
    }
}
