package io.userscale.actuator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.userscale.actuator.kubernetes.KubernetesBackend;
import io.userscale.kafka.contract.ActuationResult;
import io.userscale.kafka.contract.ActuationResult.Status;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.testing.TestKafkaResource;
import io.userscale.kafka.testing.TestKubernetes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The running actuator on the Kubernetes backend: commands from the real broker scale Deployments
 * of the mock API server (CRUD mode), bounded per target by configuration.
 */
@QuarkusTest
@QuarkusTestResource(TestKafkaResource.class)
@WithKubernetesTestServer(crud = true)
@TestProfile(ActuatorKubernetesIT.KubernetesBackendProfile.class)
class ActuatorKubernetesIT {

    /** The Kubernetes backend, with one target bounded below the default. */
    public static final class KubernetesBackendProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("userscale.actuator.backend", "kubernetes",
                    "userscale.actuator.group-id", "userscale-actuator-k8s-it",
                    "userscale.actuator.targets.\"it-bounded/web\".max-replicas", "4");
        }
    }

    @Inject
    KubernetesClient client;

    @Test
    void commandsScaleTheDeploymentAndAreReported() throws Exception {
        String namespace = "it-" + UUID.randomUUID().toString().substring(0, 8);
        TestKubernetes.deployment(client, namespace, "web", 1);
        TargetRef target = TargetRef.deployment(namespace, "web");
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ScaleCommand up = new ScaleCommand("up-" + UUID.randomUUID(), "decision-up", target, 3, 1, t, t.plusSeconds(60),
                false);
        ScaleCommand missing = new ScaleCommand("missing-" + UUID.randomUUID(), "decision-missing",
                TargetRef.deployment(namespace, "absent"), 2, 1, t, t.plusSeconds(60), false);
        Topics.send(target.key(), List.of(Topics.encode(up), Topics.encode(up)));
        Topics.send(missing.target().key(), List.of(Topics.encode(missing)));

        List<ActuationResult> results = Topics.results(target.key(), r -> !r.isEmpty()).stream()
                .map(ConsumerRecord::value).toList();
        assertThat(results).extracting(ActuationResult::status, ActuationResult::from, ActuationResult::to)
                .containsExactly(tuple(Status.APPLIED, 1, 3));
        assertThat(results.get(0).backend()).isEqualTo("kubernetes");
        Deployment scaled = client.apps().deployments().inNamespace(namespace).withName("web").get();
        assertThat(scaled.getSpec().getReplicas()).isEqualTo(3);
        assertThat(scaled.getMetadata().getAnnotations()).containsEntry(KubernetesBackend.LAST_DECISION_ID, "decision-up")
                .hasEntrySatisfying(KubernetesBackend.LAST_SCALE, v -> assertThat(v).startsWith("1 -> 3 at "));

        ActuationResult absent = Topics.results(missing.target().key(), r -> !r.isEmpty()).get(0).value();
        assertThat(absent.status()).isEqualTo(Status.FAILED);
        assertThat(absent.error()).isEqualTo("Deployment " + namespace + "/absent not found");
    }

    @Test
    void perTargetBoundsFromConfigurationHold() throws Exception {
        TestKubernetes.deployment(client, "it-bounded", "web", 2);
        TargetRef target = TargetRef.deployment("it-bounded", "web");
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ScaleCommand tooMany = new ScaleCommand("many-" + UUID.randomUUID(), "decision-many", target, 5, 2, t,
                t.plusSeconds(60), false);
        Topics.send(target.key(), List.of(Topics.encode(tooMany)));
        ActuationResult r = Topics.results(target.key(), l -> !l.isEmpty()).get(0).value();
        assertThat(r.status()).isEqualTo(Status.REJECTED_BOUNDS);
        assertThat(r.error()).isEqualTo("5 replicas is outside it-bounded/web's bounds [1, 4]");
        assertThat(client.apps().deployments().inNamespace("it-bounded").withName("web").get().getSpec().getReplicas())
                .isEqualTo(2);
    }
}
