package io.userscale.actuator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.userscale.kafka.contract.ActuationResult.Status;
import io.userscale.kafka.contract.ActuationResult;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.testing.TestKafkaResource;
import io.userscale.kafka.testing.TestKubernetes;
import io.userscale.kafka.watch.ScalingPolicyInformer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * ScalingPolicy resources on the mock API server (CRUD): their bounds hold for their target's
 * commands, edits take effect without a restart, and their status says whether they are valid
 * (naming the field when not) and what was last applied.
 */
@QuarkusTest
@QuarkusTestResource(TestKafkaResource.class)
@WithKubernetesTestServer(crud = true)
@TestProfile(ScalingPolicyStatusIT.Watching.class)
class ScalingPolicyStatusIT {

    public static final class Watching implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("userscale.actuator.backend", "kubernetes",
                    "userscale.actuator.group-id", "userscale-actuator-sp-it",
                    "userscale.actuator.scaling-policies.enabled", "true");
        }
    }

    @Inject
    KubernetesClient client;

    GenericKubernetesResource policy(String ns, String name, int min, int max) {
        GenericKubernetesResource r = TestKubernetes.scalingPolicy(ns, name, Map.of(
                "targetRef", Map.of("kind", "Deployment", "name", "web"), "minReplicas", min, "maxReplicas", max));
        return client.genericKubernetesResources(ScalingPolicyInformer.CONTEXT).inNamespace(ns).resource(r).create();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> awaitReady(String ns, String name, String status, String messagePart) throws Exception {
        return await().alias("a Ready=" + status + " condition mentioning '" + messagePart + "'")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> ScalingPolicyStatus.condition(
                                client.genericKubernetesResources(ScalingPolicyInformer.CONTEXT).inNamespace(ns)
                                        .withName(name).get()),
                        c -> c != null && status.equals(c.get("status"))
                                && String.valueOf(c.get("message")).contains(messagePart));
    }

    ScaleCommand command(TargetRef target, int replicas, int previous, Instant t) {
        return new ScaleCommand("c-" + UUID.randomUUID(), "d-" + UUID.randomUUID(), target, replicas, previous, t,
                t.plusSeconds(60), false);
    }

    @Test
    void aPolicysBoundsHoldAndChangeLiveAndItsStatusFollows() throws Exception {
        String ns = "sp-" + UUID.randomUUID().toString().substring(0, 8);
        TestKubernetes.deployment(client, ns, "web", 1);
        TargetRef target = TargetRef.deployment(ns, "web");
        policy(ns, "web", 1, 3);
        awaitReady(ns, "web", "True", "within [1, 3]");

        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Topics.send(target.key(), List.of(Topics.encode(command(target, 5, 1, t)),
                Topics.encode(command(target, 3, 1, t.plusMillis(1)))));
        List<ActuationResult> results = Topics.results(target.key(), r -> r.size() >= 2).stream()
                .map(ConsumerRecord::value).toList();
        assertThat(results).extracting(ActuationResult::status, ActuationResult::to)
                .containsExactly(tuple(Status.REJECTED_BOUNDS, null), tuple(Status.APPLIED, 3));

        client.genericKubernetesResources(ScalingPolicyInformer.CONTEXT).inNamespace(ns).withName("web").patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), "{\"spec\": {\"maxReplicas\": 6}}");
        awaitReady(ns, "web", "True", "within [1, 6]");
        Topics.send(target.key(), List.of(Topics.encode(command(target, 5, 3, t.plusMillis(2)))));
        assertThat(Topics.results(target.key(), r -> r.size() >= 3).get(2).value().status()).isEqualTo(Status.APPLIED);
        assertThat(client.apps().deployments().inNamespace(ns).withName("web").get().getSpec().getReplicas())
                .isEqualTo(5);
        var status = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> (Map<?, ?>) client.genericKubernetesResources(ScalingPolicyInformer.CONTEXT).inNamespace(ns)
                        .withName("web").get().getAdditionalProperties().get("status"),
                        s -> Integer.valueOf(5).equals(s.get("currentReplicas")));
        assertThat(status.get("currentReplicas")).isEqualTo(5);
        assertThat(status.get("desiredReplicas")).isEqualTo(5);
    }

    @Test
    void anInvalidPolicyGetsAConditionNamingTheField() throws Exception {
        String ns = "sp-" + UUID.randomUUID().toString().substring(0, 8);
        policy(ns, "broken", 5, 3);
        Map<String, Object> c = awaitReady(ns, "broken", "False", "spec.minReplicas");
        assertThat(c.get("reason")).isEqualTo("InvalidSpec");
        assertThat(c.get("message")).isEqualTo("spec.minReplicas (5) is above spec.maxReplicas (3)");
    }
}
