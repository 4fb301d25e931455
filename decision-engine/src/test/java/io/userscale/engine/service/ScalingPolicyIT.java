package io.userscale.engine.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.userscale.engine.policy.Policies;
import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.policy.ScalingPolicySpec;
import io.userscale.kafka.testing.TestKafka;
import io.userscale.kafka.testing.TestKafkaResource;
import io.userscale.kafka.testing.TestKubernetes;
import io.userscale.kafka.topic.ClientConfigs;
import io.userscale.kafka.topic.Topic;
import io.userscale.kafka.watch.ScalingPolicyInformer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** ScalingPolicy resources on the Kubernetes API (mock server, CRUD) set targets' policies live. */
@QuarkusTest
@QuarkusTestResource(TestKafkaResource.class)
@WithKubernetesTestServer(crud = true)
@TestProfile(ScalingPolicyIT.Watching.class)
class ScalingPolicyIT {

    public static final class Watching implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("userscale.engine.policy", "seed", "userscale.engine.parameters.MAX_REPLICAS", "20",
                    "userscale.engine.scaling-policies.enabled", "true");
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    static GenericKubernetesResource policy(String namespace, String name, String deployment, int min, int max) {
        return TestKubernetes.scalingPolicy(namespace, name, Map.of("targetRef", Map.of("apiVersion", "apps/v1",
                "kind", "Deployment", "name", deployment), "minReplicas", min, "maxReplicas", max, "policy", "seed"));
    }

    static double counter(String name) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    static void awaitCounter(String name, double atLeast) throws InterruptedException {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(counter(name)).as(name).isGreaterThanOrEqualTo(atLeast));
    }

    static void publish(TargetRef target, Instant ts, int replicas, double usersPerPod) throws Exception {
        var codec = ContractCodec.of(ContractType.TARGET_SNAPSHOT);
        try (var producer = new KafkaProducer<byte[], byte[]>(ClientConfigs.bytesProducer(TestKafka.bootstrapServers()))) {
            producer.send(new ProducerRecord<>(Topic.METRICS.topicName(), target.key().getBytes(StandardCharsets.UTF_8),
                    codec.encode(DecisionEngineIT.snapshot(target, ts, replicas, usersPerPod, 50))))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPolicyCreatedThenEditedSetsItsTargetsBoundsWithoutARestart() throws Exception {
        String ns = "sp-" + UUID.randomUUID().toString().substring(0, 8);
        TargetRef target = TargetRef.deployment(ns, "gpu-app");
        var resources = server.getClient().genericKubernetesResources(ScalingPolicyInformer.CONTEXT).inNamespace(ns);
        double applied = counter("userscale_engine_scalingpolicies_applied_total");
        resources.resource(policy(ns, "gpu-app", "gpu-app", 1, 2)).create();
        awaitCounter("userscale_engine_scalingpolicies_applied_total", applied + 1);

        Instant t0 = Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        publish(target, t0, 1, 40); // 40 users, 10 per pod wanted: 4 replicas, held to the policy's 2
        Decision first = DecisionEngineIT.read(Topic.DECISIONS, target.key(), 1, ContractType.DECISION).getFirst();
        assertThat(first.policy().parameters()).containsEntry("MAX_REPLICAS", "2");
        assertThat(first.replicas().desired()).isEqualTo(2);
        assertThat(first.replicas().finalCount()).isEqualTo(2);

        resources.withName("gpu-app").patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), "{\"spec\": {\"maxReplicas\": 6}}");
        awaitCounter("userscale_engine_scalingpolicies_applied_total", applied + 2);
        publish(target, t0.plusSeconds(60), 2, 40); // 80 users: 8 wanted, held to the new 6
        List<Decision> decisions = DecisionEngineIT.read(Topic.DECISIONS, target.key(), 2, ContractType.DECISION);
        Decision second = decisions.get(1);
        assertThat(second.policy().parameters()).containsEntry("MAX_REPLICAS", "6");
        assertThat(second.replicas().desired()).isEqualTo(6);
        assertThat(second.replicas().current()).isEqualTo(2);
    }

    @Test
    void anInvalidPolicyChangesNothingAndIsCounted() throws Exception {
        String ns = "sp-" + UUID.randomUUID().toString().substring(0, 8);
        TargetRef target = TargetRef.deployment(ns, "gpu-app");
        double invalid = counter("userscale_engine_scalingpolicies_invalid_total");
        server.getClient().genericKubernetesResources(ScalingPolicyInformer.CONTEXT).inNamespace(ns)
                .resource(policy(ns, "broken", "gpu-app", 5, 3)).create();
        awaitCounter("userscale_engine_scalingpolicies_invalid_total", invalid + 1);
        publish(target, Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS), 1, 40);
        Decision d = DecisionEngineIT.read(Topic.DECISIONS, target.key(), 1, ContractType.DECISION).getFirst();
        assertThat(d.policy().parameters()).as("the engine's own configuration").containsEntry("MAX_REPLICAS", "20");
    }

    @Test
    void theResourceNamesTheEnginesPolicies() {
        assertThat(ScalingPolicySpec.POLICIES).containsExactlyElementsOf(Policies.names());
    }
}
