package io.userscale.actuator.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.userscale.actuator.backend.ScaleBackend;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.codec.ContractJson;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Scales Deployments through the Kubernetes API: reads {@code spec.replicas}, sets the new count
 * through the scale subresource, then records on the Deployment which decision did it
 * ({@value #LAST_DECISION_ID}, {@value #LAST_SCALE}) with a merge patch. Every call is retried on
 * 409, 429 and 5xx as its {@link RetryPolicy} says, and only so: the client's own retries (of 429
 * and 5xx) are turned off for the calls made here, so the policy alone bounds how long a command
 * may take.
 */
public final class KubernetesBackend implements ScaleBackend {

    /** Its name in results and configuration. */
    public static final String NAME = "kubernetes";
    /** Annotation: the decision behind the last scale. */
    public static final String LAST_DECISION_ID = "userscale.io/last-decision-id";
    /** Annotation: the last scale in words, e.g. {@code 3 -> 5 at 2026-11-27T10:00:00Z}. */
    public static final String LAST_SCALE = "userscale.io/last-scale";

    private final KubernetesClient client;
    private final RetryPolicy retry;
    private final Clock clock;

    public KubernetesBackend(KubernetesClient client, RetryPolicy retry, Clock clock) {
        var once = new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
                .withRequestRetryBackoffLimit(0).build();
        this.client = client.newClient(once).adapt(KubernetesClient.class);
        this.retry = retry;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int replicas(TargetRef target) throws Exception {
        RollableScalableResource<Deployment> resource = deployment(target);
        Deployment found = retry.call("read Deployment " + target, resource::get);
        if (found == null) {
            throw new IllegalStateException("Deployment " + target + " not found");
        }
        Integer replicas = found.getSpec() == null ? null : found.getSpec().getReplicas();
        return replicas == null ? 1 : replicas; // the API server's default for an unset count
    }

    @Override
    public Optional<String> scale(ScaleCommand command, int from) throws Exception {
        TargetRef target = command.target();
        RollableScalableResource<Deployment> resource = deployment(target);
        retry.call("scale Deployment " + target + " to " + command.replicas(), () -> resource.scale(command.replicas()));
        String patch = annotations(Map.of(
                LAST_DECISION_ID, command.decisionId(),
                LAST_SCALE, from + " -> " + command.replicas() + " at " + clock.instant()));
        try {
            retry.call("annotate Deployment " + target,
                    () -> resource.patch(PatchContext.of(PatchType.JSON_MERGE), patch));
            return Optional.empty();
        } catch (RetryPolicy.GaveUp e) {
            // the count is set; only the bookkeeping is missing, and the result says so
            return Optional.of(e.getMessage());
        }
    }

    private RollableScalableResource<Deployment> deployment(TargetRef target) {
        if (!TargetRef.DEFAULT_KIND.equals(target.kind())) {
            throw new IllegalArgumentException("cannot scale " + target.kind() + " " + target
                    + ": the kubernetes backend scales Deployments");
        }
        return client.apps().deployments().inNamespace(target.namespace()).withName(target.name());
    }

    private static String annotations(Map<String, String> annotations) throws JsonProcessingException {
        return ContractJson.mapper().writeValueAsString(Map.of("metadata", Map.of("annotations", annotations)));
    }
}
