package io.userscale.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.TargetSnapshot;
import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.codec.Decoded;
import io.userscale.kafka.testing.TestKafka;
import io.userscale.kafka.testing.TestKafkaResource;
import io.userscale.kafka.testing.TestKubernetes;
import io.userscale.kafka.topic.ClientConfigs;
import io.userscale.kafka.topic.Topic;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * A ScalingPolicy created on the Kubernetes API (mock server, CRUD) makes ingest scrape its
 * Deployment's pods and publish their snapshots; deleting it stops that.
 */
@QuarkusTest
@QuarkusTestResource(TestKafkaResource.class)
@QuarkusTestResource(value = ScalingPolicyIngestIT.Pod.class, restrictToAnnotatedClass = true)
@WithKubernetesTestServer(crud = true)
class ScalingPolicyIngestIT {

    /** One pod's metrics endpoint on 127.0.0.1; ingest finds its port through the policy settings. */
    public static final class Pod implements QuarkusTestResourceLifecycleManager {
        private HttpServer server;

        @Override
        public Map<String, String> start() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/metrics",
                    ex -> HttpAnswers.answer(ex, 200, "userscale_active_users 7\nuserscale_cpu_percent 42\n"));
            server.start();
            return Map.of("userscale.ingest.interval", "1s", "userscale.ingest.scrape-timeout", "500ms",
                    "userscale.ingest.scaling-policies.enabled", "true",
                    "userscale.ingest.scaling-policies.metrics-port", Integer.toString(server.getAddress().getPort()),
                    "userscale.ingest.scaling-policies.metrics-path", "/metrics");
        }

        @Override
        public void stop() {
            server.stop(0);
        }
    }

    static final ResourceDefinitionContext SP = new ResourceDefinitionContext.Builder().withGroup("userscale.io")
            .withVersion("v1alpha1").withPlural("scalingpolicies").withKind("ScalingPolicy").withNamespaced(true)
            .build();

    @Inject
    KubernetesClient client;

    @Test
    void aPolicysDeploymentIsScrapedWhileThePolicyExists() throws Exception {
        String ns = "sp-" + UUID.randomUUID().toString().substring(0, 8);
        TestKubernetes.deployment(client, ns, "api", 1);
        TestKubernetes.readyPod(client, ns, "api-1", "api");
        GenericKubernetesResource policy = TestKubernetes.scalingPolicy(ns, "api",
                Map.of("targetRef", Map.of("kind", "Deployment", "name", "api"), "maxReplicas", 5));
        client.genericKubernetesResources(SP).inNamespace(ns).resource(policy).create();

        String key = ns + "/api";
        var codec = ContractCodec.of(ContractType.TARGET_SNAPSHOT);
        try (var consumer = new KafkaConsumer<byte[], byte[]>(
                ClientConfigs.bytesConsumer(TestKafka.bootstrapServers(), "sp-ingest-" + UUID.randomUUID()))) {
            consumer.subscribe(List.of(Topic.METRICS.topicName()));
            TargetSnapshot snapshot = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (snapshot == null && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(300))) {
                    if (key.equals(new String(r.key(), StandardCharsets.UTF_8))
                            && codec.decode(r.value()) instanceof Decoded.Valid<TargetSnapshot> ok
                            && !ok.value().pods().isEmpty()) {
                        snapshot = ok.value();
                    }
                }
            }
            assertThat(snapshot).as("a snapshot of %s with its pod", key).isNotNull();
            assertThat(snapshot.replicas().spec()).isEqualTo(1);
            assertThat(snapshot.pods().getFirst().name()).isEqualTo("api-1");
            assertThat(snapshot.pods().getFirst().activeUsers()).isEqualTo(7.0);
            assertThat(snapshot.pods().getFirst().cpuPercent()).isEqualTo(42.0);

            client.genericKubernetesResources(SP).inNamespace(ns).withName("api").delete();
            Thread.sleep(2500); // a round or two to notice
            consumer.poll(Duration.ofMillis(500)); // what was already on its way
            long stillPublished = 0;
            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < end) {
                for (var r : consumer.poll(Duration.ofMillis(300))) {
                    if (key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        stillPublished++;
                    }
                }
            }
            assertThat(stillPublished).as("snapshots after the policy was deleted").isZero();
        }
    }
}
