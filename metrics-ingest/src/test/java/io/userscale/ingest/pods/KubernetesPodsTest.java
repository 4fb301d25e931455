package io.userscale.ingest.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.userscale.kafka.contract.TargetRef;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pod discovery through informers, against the fabric8 mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class KubernetesPodsTest {

    KubernetesClient client;

    void pod(String name, String app, String phase, boolean ready, String ip) {
        client.pods().inNamespace("shop").resource(new PodBuilder()
                .withNewMetadata().withName(name).withLabels(Map.of("app", app)).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("gpu-app").endContainer().endSpec()
                .withNewStatus().withPhase(phase).withPodIP(ip).withStartTime("2026-11-28T10:00:00Z")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build()).create();
    }

    @Test
    void findsTheDeploymentsRunningPodsWithReadinessAndFollowsChanges() throws Exception {
        client.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder()
                .withNewMetadata().withName("gpu-app").endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().withMatchLabels(Map.of("app", "gpu-app")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "gpu-app")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("gpu-app").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        pod("gpu-app-a", "gpu-app", "Running", true, "10.0.0.1");
        pod("gpu-app-b", "gpu-app", "Running", false, "10.0.0.2");
        pod("gpu-app-c", "gpu-app", "Pending", false, null);
        pod("other", "other", "Running", true, "10.0.0.9");

        try (var source = new KubernetesPods(client, 9000, "q/metrics")) {
            TargetRef target = TargetRef.deployment("shop", "gpu-app");
            PodSet set = waitFor(source, target, 2);
            assertThat(set.spec()).isEqualTo(3);
            assertThat(set.ready()).isEqualTo(1);
            assertThat(set.pods()).extracting(Pod::name).containsExactly("gpu-app-a", "gpu-app-b");
            assertThat(set.pods().get(0).metricsUrl()).hasToString("http://10.0.0.1:9000/q/metrics");
            assertThat(set.pods().get(0).ready()).isTrue();
            assertThat(set.pods().get(0).startedAt()).hasToString("2026-11-28T10:00:00Z");

            pod("gpu-app-d", "gpu-app", "Running", true, "10.0.0.4");
            assertThat(waitFor(source, target, 3).ready()).isEqualTo(2);

            assertThatThrownBy(() -> source.pods(TargetRef.deployment("shop", "missing")))
                    .hasMessageContaining("Deployment shop/missing not found");
        }
    }

    static PodSet waitFor(KubernetesPods source, TargetRef target, int pods) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(IllegalStateException.class) // the informer has not synced yet
                .until(() -> source.pods(target), set -> set.pods().size() == pods);
    }
}
