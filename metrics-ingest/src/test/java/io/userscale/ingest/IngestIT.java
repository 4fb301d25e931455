package io.userscale.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.codec.Decoded;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.TargetSnapshot;
import io.userscale.kafka.testing.TestKafka;
import io.userscale.kafka.testing.TestKafkaResource;
import io.userscale.kafka.topic.ClientConfigs;
import io.userscale.kafka.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/** The ingest service against real HTTP endpoints and a real broker. */
@QuarkusTest
@QuarkusTestResource(TestKafkaResource.class)
@QuarkusTestResource(value = FakePods.class, restrictToAnnotatedClass = true)
class IngestIT {

    @Test
    void publishesOneValidSnapshotPerIntervalWithDeltasAndMissingPods() {
        List<TargetSnapshot> snapshots = new ArrayList<>();
        ContractCodec<TargetSnapshot> codec = ContractCodec.of(ContractType.TARGET_SNAPSHOT);
        try (var consumer = new KafkaConsumer<byte[], byte[]>(
                ClientConfigs.bytesConsumer(TestKafka.bootstrapServers(), "ingest-it"))) {
            consumer.subscribe(List.of(Topic.METRICS.topicName()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (snapshots.size() < 3 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    assertThat(new String(r.key())).isEqualTo("shop/gpu-app");
                    if (codec.decode(r.value()) instanceof Decoded.Valid<TargetSnapshot> ok) {
                        snapshots.add(ok.value()); // valid against the schema, or it would not decode
                    }
                }
            }
        }
        assertThat(snapshots).hasSizeGreaterThanOrEqualTo(3);
        TargetSnapshot first = snapshots.get(0);
        assertThat(first.intervalMs()).isEqualTo(1000);
        assertThat(first.replicas().spec()).isEqualTo(2);
        assertThat(first.pods()).hasSize(2);
        var ok = first.pods().get(0);
        assertThat(ok.activeUsers()).isEqualTo(37.0);
        assertThat(ok.cpuPercent()).isEqualTo(63.25);
        assertThat(ok.inflight()).isEqualTo(4.0);
        assertThat(ok.requests()).as("a pod's first scrape has no delta").isNull();
        var broken = first.pods().get(1);
        assertThat(broken.activeUsers()).as("a failing pod is missing, not zero").isNull();
        assertThat(broken.cpuPercent()).isNull();
        assertThat(broken.requests()).isNull();
        TargetSnapshot later = snapshots.get(2);
        assertThat(later.pods().get(0).requests()).as("10 more requests per scrape").isEqualTo(10.0);
        assertThat(later.pods().get(0).latencyMs()).isNotNull();
        assertThat(later.pods().get(0).latencyMs().count()).isZero(); // the histogram did not move
        assertThat(later.ts()).isAfter(first.ts());
    }

    @Test
    void isHealthyAndCountsItsScrapes() throws InterruptedException {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        var failed = java.util.regex.Pattern.compile("userscale_ingest_scrapes_total\\{outcome=\"failed\"} ([0-9.E+]+)");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            String body = given().get("/q/metrics").then().statusCode(200)
                    .body(containsString("userscale_ingest_snapshots_total")).extract().asString();
            var m = failed.matcher(body);
            assertThat(m.find()).as("failed scrapes are counted:\n%s", body).isTrue();
            assertThat(Double.parseDouble(m.group(1))).as("the failing pod's scrapes").isPositive();
        });
    }
}
