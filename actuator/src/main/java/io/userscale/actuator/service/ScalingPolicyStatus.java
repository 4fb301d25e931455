package io.userscale.actuator.service;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.userscale.actuator.core.Bounds;
import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.codec.Decoded;
import io.userscale.kafka.contract.ActuationResult;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.policy.ScalingPolicySpec;
import io.userscale.kafka.watch.ScalingPolicyInformer;
import io.userscale.kafka.watch.ScalingPolicyInformer.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * With {@code userscale.actuator.scaling-policies.enabled}, watches ScalingPolicy resources: a
 * valid one sets its target's bounds from the next command on and gets a {@code Ready=True}
 * condition; an invalid one changes nothing and gets {@code Ready=False} with reason
 * {@code InvalidSpec} and a message naming the field; each result of its target's commands is
 * written into its status ({@code currentReplicas}, {@code desiredReplicas},
 * {@code lastScaleTime}, {@code lastCommand}), as {@code kubectl get sp} shows them. The latest
 * decision on its target, read from {@code userscale.decisions} (channel {@code decisions-in}, which
 * runs only with the status: from the topic's end, offsets committed automatically, a record that is
 * not a decision skipped with a warning), goes into {@code lastDecision}:
 * each one that scales or changes what holds the target back, others at most every
 * {@link #QUIET_DECISIONS_EVERY}, so a steady target costs the API server two writes a minute.
 */
@ApplicationScoped
public class ScalingPolicyStatus {

    private static final Logger LOG = Logger.getLogger(ScalingPolicyStatus.class);

    @Inject
    ActuatorConfig config;

    @Inject
    ActuatorService service;

    @Inject
    Instance<KubernetesClient> kubernetes;

    static final java.time.Duration QUIET_DECISIONS_EVERY = java.time.Duration.ofSeconds(30);

    private final ContractCodec<Decision> decisions = ContractCodec.of(ContractType.DECISION);

    private ScalingPolicyInformer informer;
    /** target key to the decision last written into its policy's status. */
    private final Map<String, Written> lastWritten = new ConcurrentHashMap<>();

    /** What a written decision did ({@code action/blockedBy}) and when it was written. */
    private record Written(String kind, long atMs) {
    }
    /** target key to the resource (namespace, name) that scales it. */
    private final Map<String, String[]> resourceOf = new ConcurrentHashMap<>();

    void onStart(@Observes StartupEvent e) {
        if (!config.scalingPolicies().enabled()) {
            return;
        }
        informer = ScalingPolicyInformer.start(kubernetes.get(), config.scalingPolicies().namespace(),
                new ScalingPolicyInformer.Listener() {
                    @Override
                    public void valid(Resource resource, ScalingPolicySpec spec, Optional<TargetRef> replaced) {
                        replaced.ifPresent(ScalingPolicyStatus.this::release);
                        apply(resource, spec);
                    }

                    @Override
                    public void invalid(Resource resource, String message) {
                        LOG.warnf("ScalingPolicy %s is not valid: %s", resource.key(), message);
                        writeStatus(resource.namespace(), resource.name(), Map.of(),
                                condition("False", "InvalidSpec", message));
                    }

                    @Override
                    public void deleted(Resource resource, Optional<TargetRef> target) {
                        target.ifPresent(ScalingPolicyStatus.this::release);
                    }

                    @Override
                    public boolean revisit(GenericKubernetesResource after) {
                        return condition(after) == null; // a status lost or never written is written again
                    }
                });
        service.onResult(this::onResult);
        LOG.infof("watching ScalingPolicies in %s", config.scalingPolicies().namespace().orElse("every namespace"));
    }

    void onStop(@Observes ShutdownEvent e) {
        if (informer != null) {
            informer.close();
        }
    }

    private void apply(Resource resource, ScalingPolicySpec spec) {
        int min = Integer.parseInt(spec.parameters().get("MIN_REPLICAS"));
        int max = Integer.parseInt(spec.parameters().get("MAX_REPLICAS"));
        service.bounds().set(spec.target(), new Bounds(min, max));
        resourceOf.put(spec.target().key(), new String[] {resource.namespace(), resource.name()});
        writeStatus(resource.namespace(), resource.name(), Map.of(), condition("True", "Valid", "scales "
                + spec.target().key() + " within [" + min + ", " + max + "] by policy " + spec.policy()
                + (spec.dryRun() ? " (dry run)" : "")));
    }

    /** The target no resource scales any more: the actuator's own bounds again. */
    private void release(TargetRef target) {
        service.bounds().clear(target);
        resourceOf.remove(target.key());
        lastWritten.remove(target.key());
    }

    private void onResult(ScaleCommand command, ActuationResult result) {
        String[] res = resourceOf.get(command.target().key());
        if (res == null) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        if (result.status() == ActuationResult.Status.APPLIED
                || result.status() == ActuationResult.Status.ALREADY_AT_TARGET) {
            fields.put("currentReplicas", result.to());
            fields.put("lastScaleTime", result.ts().truncatedTo(ChronoUnit.SECONDS).toString());
        }
        fields.put("desiredReplicas", command.replicas());
        fields.put("lastCommand", Map.of("id", command.commandId(), "decisionId", command.decisionId(),
                "status", result.status().name(), "time", result.ts().truncatedTo(ChronoUnit.SECONDS).toString()));
        writeStatus(res[0], res[1], fields, null);
    }

    /**
     * A record of {@code userscale.decisions}; one that is not a decision is skipped (it stays on the
     * topic, and the engine that wrote it dead-letters nothing it publishes).
     */
    @Incoming(ActuatorChannels.DECISIONS_IN)
    @Blocking // writes statuses through the Kubernetes API
    public CompletionStage<Void> onDecisionRecord(KafkaRecord<String, byte[]> record) {
        switch (decisions.decode(record.getPayload())) {
            case Decoded.Valid<Decision> v -> onDecision(v.value());
            case Decoded.Invalid<Decision> bad -> LOG.warnf("skipping %s-%d@%d for the status: %s", record.getTopic(),
                    record.getPartition(), record.getMetadata(IncomingKafkaRecordMetadata.class)
                            .map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L), bad.error());
        }
        return record.ack();
    }

    void onDecision(Decision d) {
        String key = d.target().key();
        String[] res = resourceOf.get(key);
        if (res == null) {
            return;
        }
        String kind = d.action() + "/" + d.blockedBy();
        long now = System.currentTimeMillis();
        Written before = lastWritten.get(key);
        if (d.action() == Decision.Action.NONE && before != null && kind.equals(before.kind())
                && now - before.atMs() < QUIET_DECISIONS_EVERY.toMillis()) {
            return;
        }
        lastWritten.put(key, new Written(kind, now));
        Map<String, Object> decision = new LinkedHashMap<>();
        decision.put("id", d.decisionId());
        decision.put("action", d.action().name());
        if (d.blockedBy() != null) {
            decision.put("blockedBy", d.blockedBy().name());
        }
        decision.put("summary", d.summary());
        decision.put("time", d.ts().truncatedTo(ChronoUnit.SECONDS).toString());
        writeStatus(res[0], res[1], Map.of("lastDecision", decision), null);
    }

    /** The resource's Ready condition as it stands, or {@code null}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> condition(GenericKubernetesResource r) {
        Object status = r.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> s) || !(s.get("conditions") instanceof List<?> conditions)) {
            return null;
        }
        return conditions.stream().filter(c -> c instanceof Map<?, ?> m && "Ready".equals(m.get("type")))
                .map(c -> (Map<String, Object>) c).findFirst().orElse(null);
    }

    private static Map<String, Object> condition(String status, String reason, String message) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", "Ready");
        c.put("status", status);
        c.put("reason", reason);
        c.put("message", message);
        c.put("lastTransitionTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return c;
    }

    /** Merges {@code fields} (and the Ready condition, when given) into the resource's status. */
    @SuppressWarnings("unchecked")
    private void writeStatus(String ns, String name, Map<String, Object> fields, Map<String, Object> ready) {
        try {
            kubernetes.get().genericKubernetesResources(ScalingPolicyInformer.CONTEXT).inNamespace(ns).withName(name).editStatus(r -> {
                Map<String, Object> status = r.getAdditionalProperties().get("status") instanceof Map<?, ?> m
                        ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
                status.putAll(fields);
                if (ready != null) {
                    List<Object> conditions = new ArrayList<>();
                    if (status.get("conditions") instanceof List<?> old) {
                        old.stream().filter(c -> !(c instanceof Map<?, ?> cm && "Ready".equals(cm.get("type"))))
                                .forEach(conditions::add);
                    }
                    Map<String, Object> before = condition(r);
                    if (before != null && Objects.equals(before.get("status"), ready.get("status"))
                            && Objects.equals(before.get("message"), ready.get("message"))) {
                        conditions.add(before); // unchanged: keep its transition time
                    } else {
                        conditions.add(ready);
                    }
                    status.put("conditions", conditions);
                }
                r.setAdditionalProperty("status", status);
                return r;
            });
        } catch (RuntimeException ex) {
            LOG.warnf("cannot write the status of ScalingPolicy %s/%s: %s", ns, name, ex.getMessage());
        }
    }
}
