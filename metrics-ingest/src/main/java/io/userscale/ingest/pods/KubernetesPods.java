package io.userscale.ingest.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.userscale.kafka.contract.TargetRef;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Deployment's pods, through fabric8 informers: one on the Deployment (its replicas and
 * selector) and one on the pods its selector matches (their ready condition, start time and IP),
 * so every round reads a local cache instead of asking the API server.
 */
public final class KubernetesPods implements PodSource {

    private final KubernetesClient client;
    private final int metricsPort;
    private final String metricsPath;
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();

    private record Watched(SharedIndexInformer<Deployment> deployment, Map<String, String> selector,
                           SharedIndexInformer<Pod> pods) {
    }

    public KubernetesPods(KubernetesClient client, int metricsPort, String metricsPath) {
        this.client = client;
        this.metricsPort = metricsPort;
        this.metricsPath = metricsPath.startsWith("/") ? metricsPath : "/" + metricsPath;
    }

    @Override
    public PodSet pods(TargetRef target) {
        Watched w = watched.compute(target.key(), (k, old) -> refresh(target, old));
        Deployment d = w.deployment().getStore().getByKey(target.namespace() + "/" + target.name());
        if (d == null) {
            throw new IllegalStateException("Deployment " + target.key() + " not found");
        }
        int spec = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        List<io.userscale.ingest.pods.Pod> pods = new ArrayList<>();
        int ready = 0;
        for (Pod p : w.pods() == null ? List.<Pod>of() : w.pods().getStore().list()) {
            if (p.getMetadata().getDeletionTimestamp() != null || p.getStatus() == null
                    || !"Running".equals(p.getStatus().getPhase()) || p.getStatus().getPodIP() == null) {
                continue;
            }
            boolean isReady = ready(p.getStatus().getConditions());
            ready += isReady ? 1 : 0;
            Instant started = p.getStatus().getStartTime() == null ? null : Instant.parse(p.getStatus().getStartTime());
            pods.add(new io.userscale.ingest.pods.Pod(p.getMetadata().getName(),
                    URI.create("http://" + p.getStatus().getPodIP() + ":" + metricsPort + metricsPath), isReady, started));
        }
        pods.sort(java.util.Comparator.comparing(io.userscale.ingest.pods.Pod::name));
        return new PodSet(spec, ready, pods);
    }

    /** Starts the informers for a target, or restarts the pod informer when the selector changed. */
    private Watched refresh(TargetRef target, Watched old) {
        SharedIndexInformer<Deployment> deployment = old != null ? old.deployment()
                : client.apps().deployments().inNamespace(target.namespace()).withName(target.name()).inform();
        Deployment d = deployment.getStore().getByKey(target.namespace() + "/" + target.name());
        Map<String, String> selector = d == null || d.getSpec().getSelector() == null ? null
                : d.getSpec().getSelector().getMatchLabels();
        if (old != null && java.util.Objects.equals(old.selector(), selector)) {
            return old;
        }
        if (old != null && old.pods() != null) {
            old.pods().close();
        }
        SharedIndexInformer<Pod> pods = selector == null || selector.isEmpty() ? null
                : client.pods().inNamespace(target.namespace()).withLabels(selector).inform();
        return new Watched(deployment, selector, pods);
    }

    static boolean ready(List<PodCondition> conditions) {
        return conditions != null && conditions.stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @Override
    public void close() {
        watched.values().forEach(w -> {
            w.deployment().close();
            if (w.pods() != null) {
                w.pods().close();
            }
        });
        watched.clear();
    }
}
