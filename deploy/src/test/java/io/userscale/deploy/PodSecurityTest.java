package io.userscale.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.userscale.deploy.Manifests.Doc;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every container is non-root, read-only, without capabilities, sized, probed; see {@link PodSecurity}. */
class PodSecurityTest {

    static Stream<String> kustomizations() {
        return Manifests.KUSTOMIZATIONS.stream();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyPodRunsRestricted(String dir) {
        assertThat(PodSecurity.violations(Manifests.render(dir))).isEmpty();
    }

    @Test
    void theSeedFilesRunRestricted() {
        assertThat(PodSecurity.violations(Manifests.seedFiles())).isEmpty();
    }

    @Test
    void theNamespaceEnforcesTheRestrictedPodSecurityStandard() {
        Doc ns = Manifests.one(Manifests.render("base"), "Namespace", Manifests.NAMESPACE);
        assertThat(ns.typed().getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    }

    @Test
    void userscaleImagesAreTheReleaseAndProbedOnTheirHealthPorts() {
        List<Doc> docs = Manifests.render("base");
        for (String name : List.of("metrics-ingest", "decision-engine", "actuator", "gpu-app")) {
            Container c = Manifests.one(docs, "Deployment", name).as(Deployment.class)
                    .getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(c.getImage()).isEqualTo("ghcr.io/userscale/" + name + ":0.1.0");
            String healthPort = name.equals("gpu-app") ? "management" : "http";
            assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).as(name).isEqualTo(healthPort);
            assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).as(name).isEqualTo(healthPort);
        }
    }

    @Test
    void findsEveryWeakness() {
        List<Doc> docs = Manifests.parse(Manifests.deployment("weak", "weak", """
                hostNetwork: true
                containers:
                  - name: weak
                    image: ghcr.io/userscale/weak:1
                    ports: [{name: http, containerPort: 8080}]
                    livenessProbe: {httpGet: {path: /health, port: http}}
                    readinessProbe: {httpGet: {path: /q/health/ready, port: web}}
                    startupProbe: {httpGet: {path: /q/health/started, port: http}}
                    securityContext:
                      readOnlyRootFilesystem: true
                      capabilities: {drop: [NET_RAW]}
                    resources:
                      limits: {memory: 1Gi}
                """), "test");
        // one a line, each said of the Deployment
        List<String> expected = """
                shares the node's network, PID or IPC namespace
                has no terminationGracePeriodSeconds
                has no RuntimeDefault seccomp profile for its pod
                container weak may run as root (runAsNonRoot is not true)
                container weak has no non-zero runAsUser
                container weak does not set allowPrivilegeEscalation: false
                container weak has a read-only root filesystem but no emptyDir on /tmp
                container weak does not drop ALL capabilities
                container weak requests no cpu
                container weak requests no memory
                container weak has no cpu limit
                container weak liveness probe asks /health, not /q/health/live
                container weak readiness probe uses port web, which the container does not declare
                container weak startup probe asks /q/health/started, not /q/health/live
                """.lines().map(v -> docs.get(0) + " " + v).toList();
        assertThat(PodSecurity.violations(docs)).containsExactlyInAnyOrderElementsOf(expected);
    }
}
