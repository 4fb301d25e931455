package io.userscale.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.userscale.deploy.Manifests.Doc;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rendered kustomization, and the step-by-step files in their order, apply to the fabric8 mock
 * API server in CRUD mode (a real HTTP server with Kubernetes' REST semantics, one per test), CRDs
 * first; a second apply updates in place; and what the server holds afterwards is what was applied.
 * The operators' CRDs (Strimzi, Prometheus Operator) are not ours to ship: stand-ins with their real
 * group, kind and plural are created first, as installing the operator would.
 */
@EnableKubernetesMockClient(crud = true)
class ManifestsApplyIT {

    /** The custom resources of operators the manifests use: kind by apiVersion, and its plural. */
    private static final Map<String, String> OPERATOR_PLURALS = Map.of(
            "kafka.strimzi.io/v1beta2 Kafka", "kafkas",
            "kafka.strimzi.io/v1beta2 KafkaNodePool", "kafkanodepools",
            "kafka.strimzi.io/v1beta2 KafkaTopic", "kafkatopics",
            "monitoring.coreos.com/v1 ServiceMonitor", "servicemonitors",
            "monitoring.coreos.com/v1 PrometheusRule", "prometheusrules");

    KubernetesClient client;

    static Stream<String> kustomizations() {
        return Manifests.KUSTOMIZATIONS.stream();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void appliesToTheApiServerAndAgainInPlace(String dir) {
        List<Doc> docs = Manifests.render(dir);
        installOperatorCrds(docs);
        apply(docs);
        assertStored(docs);
        apply(docs); // kubectl apply again: every object exists and is updated
        assertStored(docs);
        System.out.printf("[deploy] k8s/%s applied to the mock API server: %s%n", dir, KindCounts.of(docs));
    }

    @Test
    void theSeedFilesApplyInTheirOrder() {
        List<Doc> all = new ArrayList<>();
        for (String file : Manifests.SEED_FILES) {
            List<Doc> docs = Manifests.file(file);
            apply(docs);
            all.addAll(docs);
        }
        assertStored(all);
        assertThat(client.apps().deployments().inNamespace(Manifests.NAMESPACE).list().getItems())
                .extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("metrics-ingest", "decision-engine", "actuator", "gpu-app");
        GenericKubernetesResource policy = client.genericKubernetesResources("userscale.io/v1alpha1", "ScalingPolicy")
                .inNamespace(Manifests.NAMESPACE).withName("gpu-app").get();
        assertThat(policy).isNotNull();
        assertThat((String) policy.get("spec", "targetRef", "name")).isEqualTo("gpu-app");
        Deployment app = client.apps().deployments().inNamespace(Manifests.NAMESPACE).withName("gpu-app").get();
        assertThat(app.getSpec().getReplicas()).as("the Deployment leaves its count to the autoscaler").isNull();
    }

    /** Applies in kubectl's way for a first install: definitions and namespaces first, then the rest. */
    private void apply(List<Doc> docs) {
        List<Doc> ordered = new ArrayList<>(docs);
        ordered.sort(Comparator.comparingInt(d -> switch (d.kind()) {
            case "CustomResourceDefinition" -> 0;
            case "Namespace" -> 1;
            default -> 2;
        }));
        for (Doc d : ordered) {
            HasMetadata applied = client.resource(d.typed()).createOr(NonDeletingOperation::update);
            assertThat(applied).as("the server's answer to %s", d).isNotNull();
        }
    }

    /** The server holds each object with the content applied (apart from what the server adds). */
    private void assertStored(List<Doc> docs) {
        for (Doc d : docs) {
            HasMetadata stored = client.resource(d.typed()).get();
            assertThat(stored).as("%s on the server", d).isNotNull();
            Map<String, Object> fromServer = content(Manifests.json().convertValue(stored, Map.class));
            Map<String, Object> applied = content(Manifests.json().convertValue(d.typed(), Map.class));
            assertThat(fromServer).as("%s as stored", d).isEqualTo(applied);
            assertThat(stored.getMetadata().getLabels()).as("labels of %s", d)
                    .isEqualTo(d.typed().getMetadata().getLabels());
        }
        Map<String, Long> perKind = new TreeMap<>();
        docs.forEach(d -> perKind.merge(d.apiVersion() + " " + d.kind(), 1L, Long::sum));
        perKind.forEach((kind, count) -> {
            String[] parts = kind.split(" ");
            List<GenericKubernetesResource> listed = client.genericKubernetesResources(parts[0], parts[1])
                    .inAnyNamespace().list().getItems();
            assertThat(listed).as("%s objects listed", kind).hasSizeGreaterThanOrEqualTo(count.intValue());
        });
    }

    /** An object without metadata and status, which the server fills in. */
    private static Map<String, Object> content(Map<?, ?> object) {
        Map<String, Object> content = new LinkedHashMap<>();
        object.forEach((k, v) -> {
            if (!Set.of("metadata", "status").contains(String.valueOf(k))) {
                content.put(String.valueOf(k), v);
            }
        });
        return content;
    }

    private void installOperatorCrds(List<Doc> docs) {
        docs.stream().filter(d -> OPERATOR_PLURALS.containsKey(d.apiVersion() + " " + d.kind()))
                .map(d -> d.apiVersion() + " " + d.kind()).distinct().forEach(key -> {
                    String[] gv = key.split(" ")[0].split("/");
                    String kind = key.split(" ")[1];
                    String plural = OPERATOR_PLURALS.get(key);
                    CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
                            .withNewMetadata().withName(plural + "." + gv[0]).endMetadata()
                            .withNewSpec().withGroup(gv[0]).withScope("Namespaced")
                            .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase())
                            .endNames()
                            .addNewVersion().withName(gv[1]).withServed(true).withStorage(true)
                            .withNewSchema().withNewOpenAPIV3Schema().withType("object")
                            .withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema()
                            .endVersion()
                            .endSpec().build();
                    client.resource(crd).create();
                });
    }
}
