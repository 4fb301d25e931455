package io.userscale.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.userscale.deploy.Manifests.Doc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Everything a manifest names exists in the same rendering: what a Service selects and forwards to,
 * the ConfigMaps, Secrets and keys pods read, the accounts bindings name, the Deployment a
 * ScalingPolicy scales. A broken name passes kubectl apply and fails only when a pod starts.
 */
class ReferencesTest {

    static Stream<String> kustomizations() {
        return Manifests.KUSTOMIZATIONS.stream().filter(d -> !d.equals("monitoring"));
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyNameResolves(String dir) {
        assertThat(problems(Manifests.render(dir))).isEmpty();
    }

    @Test
    void findsBrokenNames() {
        List<Doc> docs = Manifests.parse(String.join("---\n", """
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: userscale}
                spec:
                  selector: {app: webb}
                  ports: [{name: http, port: 80, targetPort: http}]
                """, Manifests.deployment("web", "web", """
                containers:
                  - name: web
                    image: web
                    envFrom: [{configMapRef: {name: settings}}]
                volumes:
                  - name: c
                    configMap: {name: web-config}
                """), """
                apiVersion: userscale.io/v1alpha1
                kind: ScalingPolicy
                metadata: {name: api, namespace: userscale}
                spec:
                  targetRef: {kind: Deployment, name: api}
                """), "test");
        assertThat(problems(docs)).hasSize(4)
                .anySatisfy(p -> assertThat(p).contains("selects no pods"))
                .anySatisfy(p -> assertThat(p).contains("ConfigMap settings"))
                .anySatisfy(p -> assertThat(p).contains("ConfigMap web-config"))
                .anySatisfy(p -> assertThat(p).contains("scales Deployment api"));
    }

    static List<String> problems(List<Doc> docs) {
        List<String> problems = new ArrayList<>();
        for (Doc d : docs) {
            PodSpec spec = Rbac.podSpec(d);
            if (spec != null) {
                checkPod(docs, d, spec, problems);
            }
            if (d.typed() instanceof Service s && s.getSpec().getSelector() != null) {
                checkService(docs, d, s, problems);
            }
            if (d.typed() instanceof RoleBinding rb) {
                rb.getSubjects().forEach(sub -> {
                    if ("ServiceAccount".equals(sub.getKind()) && (docs.stream().noneMatch(x ->
                            x.kind().equals("ServiceAccount") && x.name().equals(sub.getName()))
                            || !Manifests.NAMESPACE.equals(sub.getNamespace()))) {
                        problems.add(d + " binds ServiceAccount " + sub.getNamespace() + "/" + sub.getName()
                                + ", which is not defined");
                    }
                });
            }
            if (d.kind().equals("ScalingPolicy")) {
                String target = d.as(GenericKubernetesResource.class).get("spec", "targetRef", "name");
                if (docs.stream().noneMatch(x -> x.kind().equals("Deployment") && x.name().equals(target))) {
                    problems.add(d + " scales Deployment " + target + ", which is not defined");
                }
            }
            if (d.typed() instanceof StatefulSet sts) {
                String svc = sts.getSpec().getServiceName();
                boolean headless = docs.stream().anyMatch(x -> x.typed() instanceof Service s
                        && x.name().equals(svc) && "None".equals(s.getSpec().getClusterIP()));
                if (!headless) {
                    problems.add(d + " names " + svc + " as its Service, which is no headless Service");
                }
            }
        }
        return problems;
    }

    private static void checkPod(List<Doc> docs, Doc d, PodSpec spec, List<String> problems) {
        PodTemplateSpec template = d.typed() instanceof Deployment dep ? dep.getSpec().getTemplate()
                : d.typed() instanceof StatefulSet sts ? sts.getSpec().getTemplate() : null;
        if (template != null) {
            Map<String, String> selector = d.typed() instanceof Deployment dep
                    ? dep.getSpec().getSelector().getMatchLabels()
                    : ((StatefulSet) d.typed()).getSpec().getSelector().getMatchLabels();
            if (!template.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())) {
                problems.add(d + " selects " + selector + ", which its pods do not carry");
            }
        }
        for (Container c : spec.getContainers()) {
            try {
                PodConfig.environment(docs, c, d);
            } catch (AssertionError e) {
                problems.add(e.getMessage());
            }
        }
        for (Volume v : spec.getVolumes() == null ? List.<Volume>of() : spec.getVolumes()) {
            if (v.getConfigMap() != null && !Boolean.TRUE.equals(v.getConfigMap().getOptional())) {
                String name = v.getConfigMap().getName();
                Map<String, String> data = docs.stream().filter(x -> x.kind().equals("ConfigMap") && x.name().equals(name))
                        .findFirst().map(x -> x.as(ConfigMap.class).getData()).orElse(null);
                if (data == null) {
                    problems.add(d + " mounts ConfigMap " + name + ", which is not defined");
                    continue;
                }
                for (KeyToPath item : v.getConfigMap().getItems() == null ? List.<KeyToPath>of()
                        : v.getConfigMap().getItems()) {
                    if (!data.containsKey(item.getKey())) {
                        problems.add(d + " mounts key " + item.getKey() + " of ConfigMap " + name + ", which it lacks");
                    }
                }
            }
        }
    }

    private static void checkService(List<Doc> docs, Doc d, Service s, List<String> problems) {
        List<PodTemplateSpec> selected = docs.stream().map(x -> x.typed() instanceof Deployment dep
                        ? dep.getSpec().getTemplate()
                        : x.typed() instanceof StatefulSet sts ? sts.getSpec().getTemplate() : null)
                .filter(t -> t != null && t.getMetadata().getLabels().entrySet()
                        .containsAll(s.getSpec().getSelector().entrySet()))
                .toList();
        if (selected.isEmpty()) {
            problems.add(d + " selects no pods (" + s.getSpec().getSelector() + ")");
            return;
        }
        for (ServicePort p : s.getSpec().getPorts()) {
            String target = p.getTargetPort() == null ? null : p.getTargetPort().getStrVal();
            if (target == null) {
                continue;
            }
            for (PodTemplateSpec t : selected) {
                boolean declared = t.getSpec().getContainers().stream()
                        .anyMatch(c -> PodSecurity.port(c, target) != null);
                if (!declared) {
                    problems.add(d + " forwards port " + p.getName() + " to " + target + ", which its pods do not declare");
                }
            }
        }
    }
}
