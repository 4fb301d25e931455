package io.userscale.engine.service;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.userscale.engine.policy.Decider;
import io.userscale.engine.policy.Policies;
import io.userscale.kafka.policy.ScalingPolicySpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * With {@code userscale.engine.scaling-policies.enabled}, watches ScalingPolicy resources and
 * decides each one's target by its spec from the next snapshot on: created, changed or deleted,
 * without a restart. The spec's values go over the engine's configured parameters. A spec that
 * is not valid changes nothing; the engine says which field is wrong in its log and counts it
 * ({@code userscale_engine_scalingpolicies_invalid_total}); the actuator writes it into the
 * resource's status.
 */
@ApplicationScoped
public class ScalingPolicyWatch {

    private static final Logger LOG = Logger.getLogger(ScalingPolicyWatch.class);

    /** The resource: group, version, plural, kind. */
    public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(ScalingPolicySpec.GROUP).withVersion(ScalingPolicySpec.VERSION)
            .withPlural(ScalingPolicySpec.PLURAL).withKind(ScalingPolicySpec.KIND).withNamespaced(true).build();

    @Inject
    EngineConfig config;

    @Inject
    DecisionPipeline pipeline;

    @Inject
    Instance<KubernetesClient> kubernetes;

    @Inject
    MeterRegistry registry;

    private SharedIndexInformer<GenericKubernetesResource> informer;
    /** resource (namespace/name) to the target it set. */
    private final Map<String, String> targetOf = new ConcurrentHashMap<>();

    void onStart(@Observes StartupEvent e) {
        if (!config.scalingPolicies().enabled()) {
            return;
        }
        var resources = kubernetes.get().genericKubernetesResources(CONTEXT);
        var handler = new ResourceEventHandler<GenericKubernetesResource>() {
            @Override
            public void onAdd(GenericKubernetesResource r) {
                apply(r);
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                apply(after);
            }

            @Override
            public void onDelete(GenericKubernetesResource r, boolean finalStateUnknown) {
                remove(r);
            }
        };
        informer = config.scalingPolicies().namespace()
                .map(ns -> resources.inNamespace(ns).inform(handler))
                .orElseGet(() -> resources.inAnyNamespace().inform(handler));
        LOG.infof("watching ScalingPolicies in %s", config.scalingPolicies().namespace().orElse("every namespace"));
    }

    void onStop(@Observes ShutdownEvent e) {
        if (informer != null) {
            informer.close();
        }
    }

    /** Decides the resource's target by its spec, if the spec is valid. */
    void apply(GenericKubernetesResource r) {
        String resource = r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
        switch (ScalingPolicySpec.parse(r.getMetadata().getNamespace(), r.getAdditionalProperties().get("spec"))) {
            case ScalingPolicySpec.Parsed.Invalid bad -> invalid(resource, bad.message());
            case ScalingPolicySpec.Parsed.Valid ok -> {
                ScalingPolicySpec spec = ok.spec();
                Map<String, String> parameters = new HashMap<>(config.parameters());
                parameters.putAll(spec.parameters());
                Decider<?> decider;
                try {
                    decider = new Decider<>(Policies.byName(spec.policy(), parameters), config.commandTtl(),
                            config.dryRun() || spec.dryRun());
                } catch (IllegalArgumentException ex) {
                    invalid(resource, ex.getMessage());
                    return;
                }
                String key = spec.target().key();
                String previous = targetOf.put(resource, key);
                if (previous != null && !previous.equals(key)) {
                    pipeline.core().resetDecider(previous); // the resource now points at another Deployment
                }
                pipeline.core().replaceDecider(key, decider);
                registry.counter("userscale.engine.scalingpolicies.applied").increment();
                LOG.infof("ScalingPolicy %s: %s decided by %s %s", resource, key, spec.policy(), spec.parameters());
            }
        }
    }

    void remove(GenericKubernetesResource r) {
        String resource = r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
        String key = targetOf.remove(resource);
        if (key != null) {
            pipeline.core().resetDecider(key);
            LOG.infof("ScalingPolicy %s deleted: %s decided by the engine's configuration again", resource, key);
        }
    }

    private void invalid(String resource, String message) {
        registry.counter("userscale.engine.scalingpolicies.invalid").increment();
        LOG.warnf("ScalingPolicy %s is not valid and changes nothing: %s", resource, message);
    }
}
