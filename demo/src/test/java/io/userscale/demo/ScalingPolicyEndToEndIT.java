package io.userscale.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.userscale.kafka.local.Ports;
import io.userscale.kafka.testing.TestKafka;
import io.userscale.kafka.testing.TestKubernetes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ScalingPolicies end to end: the three packaged services against the Kubernetes API (the fabric8
 * mock server in CRUD mode) and a real broker. A policy created on the API makes ingest scrape its
 * Deployment, the engine decide it by the policy and the actuator scale it within the policy's
 * bounds; raising maxReplicas takes effect without a restart; an invalid policy gets a status
 * condition naming the field.
 */
class ScalingPolicyEndToEndIT {

    static final Path ROOT = DemoIT.ROOT;
    static final ResourceDefinitionContext SP = new ResourceDefinitionContext.Builder().withGroup("userscale.io")
            .withVersion("v1alpha1").withPlural("scalingpolicies").withKind("ScalingPolicy").withNamespaced(true)
            .build();

    @TempDir
    Path dir;

    /**
     * A policy on the seed's threshold rules, whose answer to the fixture is plain: every pod reports
     * 40 users, and at 10 per pod they ask for 4 replicas (the plumbing is what is under test here).
     */
    static GenericKubernetesResource policy(String ns, String name, String deployment, int min, int max) {
        return TestKubernetes.scalingPolicy(ns, name, Map.of("targetRef", Map.of("apiVersion", "apps/v1",
                "kind", "Deployment", "name", deployment), "minReplicas", min, "maxReplicas", max, "policy", "seed",
                "signals", Map.of("users", Map.of("target", 10))));
    }

    static boolean waitFor(Predicate<Void> condition, Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> condition.test(null));
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    @Test
    void aPolicyOnTheApiScalesItsDeploymentWithinItsBounds() throws Exception {
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        HttpServer pod = StaticMetrics.serve("userscale_active_users 40\nuserscale_cpu_percent 50\n");
        List<ServiceProcess> services = new ArrayList<>();
        try (KubernetesClient client = server.createClient()) {
            String ns = "shop";
            TestKubernetes.deployment(client, ns, "api", 1);
            TestKubernetes.readyPod(client, ns, "api-1", "api");
            client.genericKubernetesResources(SP).inNamespace(ns).resource(policy(ns, "api", "api", 1, 3)).create();

            String api = "http://127.0.0.1:" + server.getPort();
            Map<String, String> common = Map.of("kafka.bootstrap.servers", TestKafka.bootstrapServers(),
                    "quarkus.kubernetes-client.api-server-url", api, "quarkus.kubernetes-client.trust-certs", "true");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Map<String, String> actuator = new HashMap<>(common);
            actuator.put("userscale.actuator.backend", "kubernetes");
            actuator.put("userscale.actuator.scaling-policies.enabled", "true");
            actuator.put("userscale.actuator.group-id", "sp-e2e-actuator");
            Map<String, String> engine = new HashMap<>(common);
            engine.put("userscale.engine.scaling-policies.enabled", "true");
            Map<String, String> ingest = new HashMap<>(common);
            ingest.put("userscale.ingest.interval", "1s");
            ingest.put("userscale.ingest.scrape-timeout", "500ms");
            ingest.put("userscale.ingest.scaling-policies.enabled", "true");
            ingest.put("userscale.ingest.scaling-policies.metrics-port", Integer.toString(pod.getAddress().getPort()));
            ingest.put("userscale.ingest.scaling-policies.metrics-path", "/metrics");
            for (var s : List.of(Map.entry("actuator", actuator), Map.entry("decision-engine", engine),
                    Map.entry("metrics-ingest", ingest))) {
                ServiceProcess p = ServiceProcess.start(s.getKey(), java,
                        ROOT.resolve(s.getKey() + "/target/quarkus-app/quarkus-run.jar"), Ports.pickFree("127.0.0.1"),
                        s.getValue(), dir);
                services.add(p);
            }
            for (ServiceProcess p : services) {
                p.awaitReady(Duration.ofSeconds(60));
            }

            // 40 users at 10 per pod ask for 4 replicas; the policy allows 3
            var api1 = client.apps().deployments().inNamespace(ns).withName("api");
            assertThat(waitFor(v -> api1.get().getSpec().getReplicas() == 3, Duration.ofSeconds(60)))
                    .as("scaled to the policy's maxReplicas; actuator log:\n%s", services.get(0).tail()).isTrue();
            // the annotation follows the scale in a second request
            assertThat(waitFor(v -> api1.get().getMetadata().getAnnotations() != null
                    && api1.get().getMetadata().getAnnotations().containsKey("userscale.io/last-decision-id"),
                    Duration.ofSeconds(10))).as("annotated: %s", api1.get().getMetadata().getAnnotations()).isTrue();

            // raise maxReplicas: the next decisions may go to 4, without restarting anything
            client.genericKubernetesResources(SP).inNamespace(ns).withName("api").patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), "{\"spec\": {\"maxReplicas\": 5}}");
            assertThat(waitFor(v -> api1.get().getSpec().getReplicas() == 4, Duration.ofSeconds(60)))
                    .as("scaled to 4 once allowed; engine log:\n%s", services.get(1).tail()).isTrue();
            var resource = client.genericKubernetesResources(SP).inNamespace(ns).withName("api");
            assertThat(waitFor(v -> resource.get().getAdditionalProperties().get("status") instanceof Map<?, ?> st
                    && Integer.valueOf(4).equals(st.get("currentReplicas")), Duration.ofSeconds(10)))
                    .as("the policy's status shows the replicas: %s", resource.get().getAdditionalProperties()
                            .get("status")).isTrue();
            assertThat(waitFor(v -> resource.get().getAdditionalProperties().get("status") instanceof Map<?, ?> st
                    && st.get("lastDecision") instanceof Map<?, ?> last
                    && String.valueOf(last.get("summary")).contains("replicas")
                    && String.valueOf(last.get("id")).length() > 8, Duration.ofSeconds(20)))
                    .as("the policy's status shows the latest decision: %s", resource.get().getAdditionalProperties()
                            .get("status")).isTrue();

            // an invalid policy: a condition names the field
            TestKubernetes.deployment(client, ns, "web", 1);
            client.genericKubernetesResources(SP).inNamespace(ns).resource(policy(ns, "web", "web", 5, 3)).create();
            assertThat(waitFor(v -> String.valueOf(client.genericKubernetesResources(SP).inNamespace(ns).withName("web")
                    .get().getAdditionalProperties().get("status")).contains("spec.minReplicas (5) is above "
                    + "spec.maxReplicas (3)"), Duration.ofSeconds(30))).isTrue();
            assertThat(client.apps().deployments().inNamespace(ns).withName("web").get().getSpec().getReplicas())
                    .as("an invalid policy scales nothing").isEqualTo(1);
        } finally {
            for (int i = services.size() - 1; i >= 0; i--) {
                services.get(i).close();
            }
            pod.stop(0);
            server.destroy();
        }
    }
}
