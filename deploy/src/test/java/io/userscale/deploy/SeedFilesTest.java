package io.userscale.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.userscale.deploy.Manifests.Doc;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The step-by-step install's plain files (k8s/namespace.yaml, configmap.yaml, rbac.yaml, app.yaml,
 * scaler.yaml): together exactly the dev overlay, split so that applying them in order works.
 */
class SeedFilesTest {

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(SerializationFeature.INDENT_OUTPUT, true);

    private static final Map<String, Set<String>> KINDS = Map.of(
            "namespace.yaml", Set.of("Namespace", "CustomResourceDefinition"),
            "configmap.yaml", Set.of("ConfigMap", "Secret"),
            "rbac.yaml", Set.of("ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"),
            "app.yaml", Set.of("Deployment", "Service"),
            "scaler.yaml", Set.of("Deployment", "Service", "StatefulSet", "Job", "ScalingPolicy"));

    @Test
    void togetherTheyAreTheDevOverlay() {
        List<Map<String, Object>> files = new ArrayList<>();
        Manifests.SEED_FILES.forEach(f -> Manifests.file(f).forEach(d -> files.add(d.raw())));
        List<Map<String, Object>> rendered = Manifests.render("overlays/dev").stream().map(Doc::raw).toList();
        assertThat(sorted(files))
                .as("k8s/*.yaml against kubectl kustomize k8s/overlays/dev; run k8s/seed-files.sh after editing the overlay")
                .isEqualTo(sorted(rendered));
    }

    @Test
    void eachHoldsWhatItsNameSays() {
        for (String file : Manifests.SEED_FILES) {
            for (Doc d : Manifests.file(file)) {
                assertThat(KINDS.get(file)).as("%s in %s", d, file).contains(d.kind());
                if (file.equals("app.yaml")) {
                    assertThat(d.name()).isEqualTo("gpu-app");
                }
            }
        }
        assertThat(Manifests.file("app.yaml")).extracting(Doc::kind).containsExactlyInAnyOrder("Deployment", "Service");
        assertThat(Manifests.file("scaler.yaml")).filteredOn(d -> d.kind().equals("Deployment")).extracting(Doc::name)
                .containsExactlyInAnyOrder("metrics-ingest", "decision-engine", "actuator");
    }

    @Test
    void appliedInOrderEachFindsWhatItNeeds() {
        Set<String> definedKinds = new HashSet<>(Set.of("Namespace", "CustomResourceDefinition", "ConfigMap", "Secret", "ServiceAccount", "Role",
                "RoleBinding", "ClusterRole", "ClusterRoleBinding", "Deployment", "Service", "StatefulSet", "Job"));
        boolean namespaceExists = false;
        for (String file : Manifests.SEED_FILES) {
            List<Doc> docs = Manifests.file(file);
            for (Doc d : docs) {
                if (d.kind().equals("Namespace")) {
                    namespaceExists = true;
                } else if (d.namespace() != null) {
                    assertThat(namespaceExists).as("the namespace exists before %s", d).isTrue();
                }
                assertThat(definedKinds).as("kind of %s is known to the API server when %s is applied", d, file)
                        .contains(d.kind());
            }
            // a CRD serves its kind only once established: from the next file on
            docs.stream().filter(d -> d.kind().equals("CustomResourceDefinition"))
                    .forEach(d -> definedKinds.add((String) ((Map<?, ?>) ((Map<?, ?>) d.raw().get("spec"))
                            .get("names")).get("kind")));
        }
    }

    @Test
    void eachSaysItIsGeneratedAndHow() throws IOException {
        for (String file : Manifests.SEED_FILES) {
            assertThat(Files.readString(Manifests.k8sDir().resolve(file)))
                    .contains("Generated from k8s/overlays/dev by k8s/seed-files.sh");
        }
    }

    private static List<String> sorted(List<Map<String, Object>> objects) {
        return objects.stream().map(o -> {
            try {
                return CANONICAL.writeValueAsString(o);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).sorted(Comparator.naturalOrder()).toList();
    }
}
