package io.userscale.kafka.watch;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.policy.ScalingPolicySpec;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches ScalingPolicy resources, in one namespace or in all, and tells a {@link Listener} what
 * changed in the words of the contract: a valid spec (and the target the resource named before,
 * if it now names another), an invalid one with the message naming its field, a deletion with the
 * target its last valid spec named. An invalid spec changes nothing the resource set before. An
 * update that leaves the spec as it was (a status write, a resync) is passed on only when the
 * listener {@linkplain Listener#revisit asks for it}.
 */
public final class ScalingPolicyInformer implements AutoCloseable {

    /** The resource: group, version, plural, kind. */
    public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(ScalingPolicySpec.GROUP).withVersion(ScalingPolicySpec.VERSION)
            .withPlural(ScalingPolicySpec.PLURAL).withKind(ScalingPolicySpec.KIND).withNamespaced(true).build();

    /** A ScalingPolicy resource as the watch saw it. */
    public record Resource(String namespace, String name, GenericKubernetesResource raw) {
        /** {@code namespace/name}. */
        public String key() {
            return namespace + "/" + name;
        }

        static Resource of(GenericKubernetesResource r) {
            return new Resource(r.getMetadata().getNamespace(), r.getMetadata().getName(), r);
        }
    }

    /** What a service does with the watch's events; called on the informer's thread, one at a time. */
    public interface Listener {
        /**
         * A resource was added or its spec changed, and the spec is valid. {@code replaced} is the
         * target the resource named before when it now names another.
         */
        void valid(Resource resource, ScalingPolicySpec spec, Optional<TargetRef> replaced);

        /** A resource was added or its spec changed, and the spec is not valid: {@code message} names the field. */
        void invalid(Resource resource, String message);

        /** A resource was deleted; {@code target} is what its last valid spec named. */
        void deleted(Resource resource, Optional<TargetRef> target);

        /** Whether an update that left the spec as it was should be seen again (default: no). */
        default boolean revisit(GenericKubernetesResource after) {
            return false;
        }
    }

    private final SharedIndexInformer<GenericKubernetesResource> informer;
    /** resource key to the target its last valid spec named. */
    private final Map<String, TargetRef> targetOf = new ConcurrentHashMap<>();

    private ScalingPolicyInformer(KubernetesClient client, Optional<String> namespace, Listener listener) {
        var resources = client.genericKubernetesResources(CONTEXT);
        var handler = new ResourceEventHandler<GenericKubernetesResource>() {
            @Override
            public void onAdd(GenericKubernetesResource r) {
                seen(r, listener);
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                if (!Objects.equals(spec(before), spec(after)) || listener.revisit(after)) {
                    seen(after, listener);
                }
            }

            @Override
            public void onDelete(GenericKubernetesResource r, boolean finalStateUnknown) {
                Resource resource = Resource.of(r);
                listener.deleted(resource, Optional.ofNullable(targetOf.remove(resource.key())));
            }
        };
        this.informer = namespace.map(ns -> resources.inNamespace(ns).inform(handler))
                .orElseGet(() -> resources.inAnyNamespace().inform(handler));
    }

    /** Starts watching; the listener hears every resource that exists now, then every change. */
    public static ScalingPolicyInformer start(KubernetesClient client, Optional<String> namespace, Listener listener) {
        return new ScalingPolicyInformer(client, namespace, listener);
    }

    /** The target the resource's last valid spec named, if any. */
    public Optional<TargetRef> targetOf(String namespace, String name) {
        return Optional.ofNullable(targetOf.get(namespace + "/" + name));
    }

    private void seen(GenericKubernetesResource r, Listener listener) {
        Resource resource = Resource.of(r);
        switch (ScalingPolicySpec.parse(resource.namespace(), spec(r))) {
            case ScalingPolicySpec.Parsed.Invalid bad -> listener.invalid(resource, bad.message());
            case ScalingPolicySpec.Parsed.Valid ok -> {
                TargetRef before = targetOf.put(resource.key(), ok.spec().target());
                listener.valid(resource, ok.spec(), Optional.ofNullable(before)
                        .filter(t -> !t.equals(ok.spec().target())));
            }
        }
    }

    private static Object spec(GenericKubernetesResource r) {
        return r.getAdditionalProperties().get("spec");
    }

    @Override
    public void close() {
        informer.close();
    }
}
