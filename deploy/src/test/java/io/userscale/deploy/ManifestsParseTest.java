package io.userscale.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.userscale.deploy.Manifests.Doc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kustomization renders with {@code kubectl kustomize}, and every object it renders reads into
 * fabric8's model of its kind with no field the model does not know.
 */
class ManifestsParseTest {

    /** API groups built into Kubernetes: objects of these must read into typed models. */
    private static final Set<String> BUILT_IN_GROUPS = Set.of("", "apps", "batch", "rbac.authorization.k8s.io",
            "apiextensions.k8s.io", "policy", "networking.k8s.io", "autoscaling");

    /** The custom resources the manifests use, by apiVersion and kind. */
    private static final Set<String> CUSTOM_KINDS = Set.of(
            "userscale.io/v1alpha1 ScalingPolicy",
            "kafka.strimzi.io/v1beta2 Kafka",
            "kafka.strimzi.io/v1beta2 KafkaNodePool",
            "kafka.strimzi.io/v1beta2 KafkaTopic",
            "monitoring.coreos.com/v1 ServiceMonitor",
            "monitoring.coreos.com/v1 PrometheusRule");

    static Stream<String> kustomizations() {
        return Manifests.KUSTOMIZATIONS.stream();
    }

    @Test
    void everyKustomizationInTheTreeIsTested() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Manifests.k8sDir())) {
            files.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .filter(p -> !p.startsWith(Manifests.k8sDir().resolve("components")))
                    .forEach(p -> found.add(Manifests.k8sDir().relativize(p.getParent()).toString()));
        }
        assertThat(found).containsExactlyInAnyOrderElementsOf(Manifests.KUSTOMIZATIONS);
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void rendersIntoKnownTypedObjects(String dir) {
        List<Doc> docs = Manifests.render(dir);
        assertThat(docs).as("objects rendered from k8s/%s", dir).isNotEmpty();
        System.out.printf("[deploy] k8s/%s: %d objects %s%n", dir, docs.size(), KindCounts.of(docs));
        assertTyped(docs);
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void hasNoFieldTheApiServerWouldRefuse(String dir) {
        assertNoUnknownFields(Manifests.render(dir));
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void putsEveryNamespacedObjectInTheUserscaleNamespaceOnce(String dir) {
        List<Doc> docs = Manifests.render(dir);
        Set<String> seen = new HashSet<>();
        for (Doc d : docs) {
            boolean clusterScoped = Set.of("Namespace", "CustomResourceDefinition", "ClusterRole",
                    "ClusterRoleBinding").contains(d.kind());
            assertThat(d.namespace()).as("namespace of %s", d).isEqualTo(clusterScoped ? null : Manifests.NAMESPACE);
            assertThat(seen.add(d.apiVersion() + " " + d.kind() + " " + d.name())).as("%s is unique", d).isTrue();
            assertThat(d.typed().getMetadata().getLabels()).as("labels of %s", d)
                    .containsEntry("app.kubernetes.io/part-of", "userscale");
        }
    }

    @Test
    void theSeedFilesReadIntoKnownTypedObjects() {
        for (String file : Manifests.SEED_FILES) {
            List<Doc> docs = Manifests.file(file);
            assertThat(docs).as(file).isNotEmpty();
            assertTyped(docs);
            assertNoUnknownFields(docs);
        }
    }

    @Test
    void aMisspeltFieldIsFound() {
        List<Doc> docs = Manifests.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: x
                spec:
                  selector:
                    matchLabels: {app: x}
                  template:
                    metadata:
                      labels: {app: x}
                    spec:
                      containers:
                        - name: x
                          image: x
                          securityContext:
                            readOnlyRootFileSystem: true
                """, "test");
        assertThat(UnknownFields.in(docs.get(0).typed()))
                .containsExactly("spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem");
    }

    @Test
    void aMistypedApiVersionIsNotTyped() {
        List<Doc> docs = Manifests.parse("""
                apiVersion: app/v1
                kind: Deployment
                metadata:
                  name: x
                """, "test");
        assertThat(docs.get(0).typed()).isInstanceOf(GenericKubernetesResource.class);
    }

    private static void assertTyped(List<Doc> docs) {
        for (Doc d : docs) {
            if (BUILT_IN_GROUPS.contains(d.group())) {
                assertThat(d.typed()).as("%s reads into its typed model", d)
                        .isNotInstanceOf(GenericKubernetesResource.class);
            } else {
                assertThat(CUSTOM_KINDS).as("custom resource %s %s of %s", d.apiVersion(), d.kind(), d)
                        .contains(d.apiVersion() + " " + d.kind());
                assertThat(d.typed()).isInstanceOf(GenericKubernetesResource.class);
            }
        }
    }

    private static void assertNoUnknownFields(List<Doc> docs) {
        for (Doc d : docs) {
            assertThat(UnknownFields.in(d.typed())).as("fields of %s unknown to its model", d).isEmpty();
        }
    }
}
