package io.userscale.kafka.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.policy.ScalingPolicySpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The shared ScalingPolicy watch against the fabric8 mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class ScalingPolicyInformerTest {

    KubernetesClient client;

    private final List<String> events = new CopyOnWriteArrayList<>();

    private final ScalingPolicyInformer.Listener listener = new ScalingPolicyInformer.Listener() {
        @Override
        public void valid(ScalingPolicyInformer.Resource r, ScalingPolicySpec spec, Optional<TargetRef> replaced) {
            events.add("valid " + r.key() + " " + spec.target().key() + replaced.map(t -> " replacing " + t.key()).orElse(""));
        }

        @Override
        public void invalid(ScalingPolicyInformer.Resource r, String message) {
            events.add("invalid " + r.key() + ": " + message);
        }

        @Override
        public void deleted(ScalingPolicyInformer.Resource r, Optional<TargetRef> target) {
            events.add("deleted " + r.key() + target.map(t -> " " + t.key()).orElse(""));
        }
    };

    private GenericKubernetesResource policy(String name, Map<String, Object> spec) {
        var r = new GenericKubernetesResource();
        r.setApiVersion(ScalingPolicySpec.GROUP + "/" + ScalingPolicySpec.VERSION);
        r.setKind(ScalingPolicySpec.KIND);
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop").build());
        r.setAdditionalProperty("spec", spec);
        return r;
    }

    private void put(String name, Map<String, Object> spec) {
        client.genericKubernetesResources(ScalingPolicyInformer.CONTEXT).inNamespace("shop")
                .resource(policy(name, spec)).createOr(existing -> existing.update());
    }

    private void awaitEvents(String... expected) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events).containsExactly(expected));
    }

    @Test
    void tellsValidInvalidRetargetedAndDeletedInTheContractsWords() {
        put("web", Map.of("targetRef", Map.of("name", "api")));
        try (var informer = ScalingPolicyInformer.start(client, Optional.of("shop"), listener)) {
            awaitEvents("valid shop/web shop/api");

            put("web", Map.of("targetRef", Map.of("name", "api"), "maxReplicas", 0));
            awaitEvents("valid shop/web shop/api",
                    "invalid shop/web: spec.maxReplicas must be at least 1, got 0");
            assertThat(informer.targetOf("shop", "web")).contains(TargetRef.deployment("shop", "api"));

            put("web", Map.of("targetRef", Map.of("name", "checkout")));
            awaitEvents("valid shop/web shop/api",
                    "invalid shop/web: spec.maxReplicas must be at least 1, got 0",
                    "valid shop/web shop/checkout replacing shop/api");

            client.genericKubernetesResources(ScalingPolicyInformer.CONTEXT).inNamespace("shop").withName("web").delete();
            awaitEvents("valid shop/web shop/api",
                    "invalid shop/web: spec.maxReplicas must be at least 1, got 0",
                    "valid shop/web shop/checkout replacing shop/api",
                    "deleted shop/web shop/checkout");
            assertThat(informer.targetOf("shop", "web")).isEmpty();
        }
    }

    @Test
    void anUpdateThatLeavesTheSpecIsSeenOnlyWhenTheListenerAsks() {
        put("web", Map.of("targetRef", Map.of("name", "api")));
        try (var informer = ScalingPolicyInformer.start(client, Optional.empty(), listener)) {
            awaitEvents("valid shop/web shop/api");
            client.genericKubernetesResources(ScalingPolicyInformer.CONTEXT).inNamespace("shop").withName("web")
                    .edit(r -> {
                        r.getMetadata().setLabels(Map.of("team", "a"));
                        return r;
                    });
            // a second resource after the label change: once its event is in, the label change has been seen too
            put("other", Map.of("targetRef", Map.of("name", "db")));
            awaitEvents("valid shop/web shop/api", "valid shop/other shop/db");
        }
    }
}
