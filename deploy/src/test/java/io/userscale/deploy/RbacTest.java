package io.userscale.deploy;

import static io.userscale.deploy.Rbac.Grant.of;
import static org.assertj.core.api.Assertions.assertThat;

import io.userscale.deploy.Manifests.Doc;
import io.userscale.deploy.Rbac.Grant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Least privilege, read from the rendered manifests: each component may do exactly what it needs. */
class RbacTest {

    /** Exactly what each ServiceAccount may do; a component missing here may do nothing. */
    static final Map<String, Set<Grant>> EXPECTED = Map.of(
            "metrics-ingest", Set.of(
                    of("", "pods", "get"), of("", "pods", "list"), of("", "pods", "watch"),
                    of("apps", "deployments", "get"), of("apps", "deployments", "list"),
                    of("apps", "deployments", "watch"),
                    of("userscale.io", "scalingpolicies", "get"), of("userscale.io", "scalingpolicies", "list"),
                    of("userscale.io", "scalingpolicies", "watch")),
            "decision-engine", Set.of(
                    of("userscale.io", "scalingpolicies", "get"), of("userscale.io", "scalingpolicies", "list"),
                    of("userscale.io", "scalingpolicies", "watch")),
            "actuator", Set.of(
                    of("apps", "deployments/scale", "get"), of("apps", "deployments/scale", "update"),
                    of("apps", "deployments", "get"), of("apps", "deployments", "patch"),
                    // its informer lists and watches them; editStatus reads one before writing its status
                    of("userscale.io", "scalingpolicies", "get"), of("userscale.io", "scalingpolicies", "list"),
                    of("userscale.io", "scalingpolicies", "watch"),
                    of("userscale.io", "scalingpolicies/status", "update"),
                    of("userscale.io", "scalingpolicies/status", "patch")));

    static Stream<String> kustomizations() {
        return Manifests.KUSTOMIZATIONS.stream();
    }

    @Test
    void theActuatorMayScaleAndAnnotateDeploymentsAndWatchAndReportOnPoliciesAndNothingElse() {
        List<Doc> docs = Manifests.render("base");
        Doc role = Manifests.one(docs, "Role", "actuator");
        assertThat(Rbac.grants(role.as(io.fabric8.kubernetes.api.model.rbac.Role.class).getRules()))
                .containsExactlyInAnyOrderElementsOf(EXPECTED.get("actuator"));
        assertThat(Rbac.grantsByServiceAccount(docs).get("actuator"))
                .containsExactlyInAnyOrderElementsOf(EXPECTED.get("actuator"));
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void eachServiceAccountMayDoExactlyWhatItsComponentNeeds(String dir) {
        Map<String, Set<Grant>> granted = Rbac.grantsByServiceAccount(Manifests.render(dir));
        if (!dir.equals("monitoring")) {
            assertThat(granted).as("ServiceAccounts of k8s/%s", dir).containsKeys(
                    EXPECTED.keySet().toArray(String[]::new));
        }
        granted.forEach((sa, grants) -> assertThat(grants).as("what ServiceAccount %s may do in k8s/%s", sa, dir)
                .containsExactlyInAnyOrderElementsOf(EXPECTED.getOrDefault(sa, Set.of())));
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void grantsNoSecretsNoWildcardsAndNothingClusterWideButReadingPolicies(String dir) {
        assertThat(Rbac.violations(Manifests.render(dir))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void eachWorkloadRunsAsItsOwnServiceAccount(String dir) {
        assertThat(Rbac.identityViolations(Manifests.render(dir))).isEmpty();
    }

    @Test
    void theSeedFilesGrantTheSame() {
        List<Doc> docs = Manifests.seedFiles();
        assertThat(Rbac.violations(docs)).isEmpty();
        assertThat(Rbac.identityViolations(docs)).isEmpty();
        Rbac.grantsByServiceAccount(docs).forEach((sa, grants) -> assertThat(grants).as(sa)
                .containsExactlyInAnyOrderElementsOf(EXPECTED.getOrDefault(sa, Set.of())));
    }

    // The checks themselves find what they are for:

    @Test
    void findsWildcardsSecretsAndForeignRoles() {
        List<Doc> docs = Manifests.parse(String.join("---\n", Manifests.role("greedy", """
                - apiGroups: ["apps"]
                  resources: ["deployments"]
                  verbs: ["*"]
                - apiGroups: [""]
                  resources: ["secrets"]
                  verbs: ["get"]
                """), """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: everything}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
                subjects: [{kind: ServiceAccount, name: actuator, namespace: userscale}]
                """), "test");
        assertThat(Rbac.violations(docs)).hasSize(3)
                .anySatisfy(v -> assertThat(v).contains("wildcard in verbs"))
                .anySatisfy(v -> assertThat(v).contains("core:secrets:get"))
                .anySatisfy(v -> assertThat(v).contains("cluster-admin"));
    }

    @Test
    void findsAClusterRoleThatDoesMoreThanReadPolicies() {
        List<Doc> docs = Manifests.parse("""
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata: {name: wide}
                rules:
                  - apiGroups: ["userscale.io"]
                    resources: ["scalingpolicies"]
                    verbs: ["get", "list", "watch", "update"]
                """, "test");
        assertThat(Rbac.violations(docs)).singleElement().asString()
                .contains("userscale.io:scalingpolicies:update cluster-wide");
    }

    @Test
    void findsAnActuatorThatMayDoMore() {
        List<Doc> docs = Manifests.parse(String.join("---\n", Manifests.role("actuator", """
                - apiGroups: ["apps"]
                  resources: ["deployments/scale", "deployments"]
                  verbs: ["get", "update", "patch"]
                """), """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: actuator, namespace: userscale}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: actuator}
                subjects: [{kind: ServiceAccount, name: actuator, namespace: userscale}]
                """), "test");
        assertThat(Rbac.grantsByServiceAccount(docs).get("actuator"))
                .contains(of("apps", "deployments", "update"), of("apps", "deployments/scale", "patch"))
                .isNotEqualTo(EXPECTED.get("actuator"));
    }

    @Test
    void findsWorkloadsSharingOrLackingAnIdentity() {
        List<Doc> docs = Manifests.parse(String.join("---\n", """
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: metrics-ingest, namespace: userscale}
                """, Manifests.deployment("metrics-ingest", "a", """
                serviceAccountName: metrics-ingest
                containers: [{name: a, image: a}]
                """), Manifests.deployment("actuator", "b", """
                serviceAccountName: metrics-ingest
                containers: [{name: b, image: b}]
                """), Manifests.deployment("gpu-app", "c", """
                containers: [{name: c, image: c}]
                """)), "test");
        assertThat(Rbac.identityViolations(docs))
                .anySatisfy(v -> assertThat(v).contains("not its own (actuator)"))
                .anySatisfy(v -> assertThat(v).contains("share ServiceAccount metrics-ingest"))
                .anySatisfy(v -> assertThat(v).contains("default ServiceAccount"))
                .anySatisfy(v -> assertThat(v).contains("mounts an API token"));
    }
}
