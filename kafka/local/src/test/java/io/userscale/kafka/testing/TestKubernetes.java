package io.userscale.kafka.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * What the integration tests of the services put on a Kubernetes API (the fabric8 mock server in
 * CRUD mode) for a service to find: a Deployment, a ready pod of it, a ScalingPolicy resource.
 */
public final class TestKubernetes {

    private TestKubernetes() {
    }

    /**
     * Creates Deployment {@code namespace/name} of {@code replicas}: its pods labelled and selected by
     * {@code app: <name>}, each running one container {@code name} of image {@code example/<name>:1}.
     */
    public static void deployment(KubernetesClient client, String namespace, String name, int replicas) {
        client.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage("example/" + name + ":1").endContainer()
                .endSpec().endTemplate()
                .endSpec().build()).create();
    }

    /**
     * Creates pod {@code namespace/pod}, one of {@link #deployment}'s Deployment {@code app} (by its label):
     * running and ready at 127.0.0.1, where the test serves the metrics the pod would.
     */
    public static void readyPod(KubernetesClient client, String namespace, String pod, String app) {
        client.pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withName(pod).withNamespace(namespace).addToLabels("app", app).endMetadata()
                .withNewSpec().addNewContainer().withName(app).withImage("example/" + app + ":1").endContainer()
                .endSpec()
                .withNewStatus().withPhase("Running").withPodIP("127.0.0.1").withStartTime("2026-11-28T00:00:00Z")
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
    }

    /** ScalingPolicy {@code namespace/name} with {@code spec} as written, for the test to create. */
    public static GenericKubernetesResource scalingPolicy(String namespace, String name, Map<String, Object> spec) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion("userscale.io/v1alpha1");
        r.setKind("ScalingPolicy");
        r.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        r.setAdditionalProperty("spec", spec);
        return r;
    }
}
