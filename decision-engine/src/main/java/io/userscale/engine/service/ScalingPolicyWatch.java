package io.userscale.engine.service;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.userscale.engine.policy.Decider;
import io.userscale.engine.policy.Policies;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.policy.ScalingPolicySpec;
import io.userscale.kafka.watch.ScalingPolicyInformer;
import io.userscale.kafka.watch.ScalingPolicyInformer.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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

    @Inject
    EngineConfig config;

    @Inject
    DecisionPipeline pipeline;

    @Inject
    Instance<KubernetesClient> kubernetes;

    @Inject
    MeterRegistry registry;

    private ScalingPolicyInformer informer;

    void onStart(@Observes StartupEvent e) {
        if (!config.scalingPolicies().enabled()) {
            return;
        }
        informer = ScalingPolicyInformer.start(kubernetes.get(), config.scalingPolicies().namespace(),
                new ScalingPolicyInformer.Listener() {
                    @Override
                    public void valid(Resource resource, ScalingPolicySpec spec, Optional<TargetRef> replaced) {
                        apply(resource, spec, replaced);
                    }

                    @Override
                    public void invalid(Resource resource, String message) {
                        ScalingPolicyWatch.this.invalid(resource.key(), message);
                    }

                    @Override
                    public void deleted(Resource resource, Optional<TargetRef> target) {
                        target.ifPresent(t -> {
                            pipeline.core().resetDecider(t.key());
                            LOG.infof("ScalingPolicy %s deleted: %s decided by the engine's configuration again",
                                    resource.key(), t.key());
                        });
                    }
                });
        LOG.infof("watching ScalingPolicies in %s", config.scalingPolicies().namespace().orElse("every namespace"));
    }

    void onStop(@Observes ShutdownEvent e) {
        if (informer != null) {
            informer.close();
        }
    }

    /** Decides the resource's target by its spec, if the engine can build the policy it names. */
    private void apply(Resource resource, ScalingPolicySpec spec, Optional<TargetRef> replaced) {
        Map<String, String> parameters = new HashMap<>(config.parameters());
        parameters.putAll(spec.parameters());
        Decider<?> decider;
        try {
            decider = new Decider<>(Policies.byName(spec.policy(), parameters), config.commandTtl(),
                    config.dryRun() || spec.dryRun());
        } catch (IllegalArgumentException ex) {
            invalid(resource.key(), ex.getMessage());
            return;
        }
        // the resource now points at another Deployment: that one is decided by the configuration again
        replaced.ifPresent(previous -> pipeline.core().resetDecider(previous.key()));
        String key = spec.target().key();
        pipeline.core().replaceDecider(key, decider);
        registry.counter("userscale.engine.scalingpolicies.applied").increment();
        LOG.infof("ScalingPolicy %s: %s decided by %s %s", resource.key(), key, spec.policy(), spec.parameters());
    }

    private void invalid(String resource, String message) {
        registry.counter("userscale.engine.scalingpolicies.invalid").increment();
        LOG.warnf("ScalingPolicy %s is not valid and changes nothing: %s", resource, message);
    }
}
