package io.userscale.kafka.policy;

import io.userscale.kafka.contract.TargetRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spec of a {@code ScalingPolicy} resource ({@code userscale.io/v1alpha1}), read from the
 * resource's JSON as a map (so no Kubernetes client is needed to check one) and validated with
 * errors that name the field, e.g. {@code spec.minReplicas (5) is above spec.maxReplicas (3)}.
 * The services turn a valid spec into the policy name and parameters of the target it scales.
 *
 * @param target     the Deployment it scales, in the resource's namespace
 * @param policy     the policy's name
 * @param dryRun     decide and report, touch nothing
 * @param parameters policy parameters by their configuration names (MIN_REPLICAS, CPU_TARGET, ...)
 */
public record ScalingPolicySpec(TargetRef target, String policy, boolean dryRun, Map<String, String> parameters) {

    /** The resource's API group, version, kind and plural, as its CRD declares them. */
    public static final String GROUP = "userscale.io";
    public static final String VERSION = "v1alpha1";
    public static final String KIND = "ScalingPolicy";
    public static final String PLURAL = "scalingpolicies";

    /** The policies a spec may name, as the engine knows them. */
    public static final List<String> POLICIES = List.of("userscale", "userscale-v1", "seed", "seed-aggressive",
            "seed-conservative", "hpa", "kpa");

    public ScalingPolicySpec {
        parameters = Map.copyOf(parameters);
    }

    /** A spec read from a resource: valid, or the first problem found, naming its field. */
    public sealed interface Parsed {
        record Valid(ScalingPolicySpec spec) implements Parsed {
        }

        /**
         * @param field   the field at fault, e.g. {@code spec.maxReplicas}
         * @param message what is wrong with it
         */
        record Invalid(String field, String message) implements Parsed {
        }
    }

    private static final class Problem extends RuntimeException {
        final String field;

        Problem(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    /**
     * Reads and checks the spec of a ScalingPolicy in {@code namespace}.
     *
     * @param spec the resource's {@code spec} as parsed JSON (maps, lists, numbers, strings, booleans)
     */
    public static Parsed parse(String namespace, Object spec) {
        try {
            return new Parsed.Valid(read(namespace, map(spec, "spec")));
        } catch (Problem p) {
            return new Parsed.Invalid(p.field, p.getMessage());
        }
    }

    private static ScalingPolicySpec read(String namespace, Map<?, ?> spec) {
        Map<?, ?> ref = map(required(spec, "targetRef", "spec"), "spec.targetRef");
        String kind = string(ref.get("kind"), "spec.targetRef.kind", "Deployment");
        if (!"Deployment".equals(kind)) {
            throw new Problem("spec.targetRef.kind", "spec.targetRef.kind must be Deployment, got '" + kind + "'");
        }
        String name = string(required(ref, "name", "spec.targetRef"), "spec.targetRef.name", null);
        if (name.isBlank()) {
            throw new Problem("spec.targetRef.name", "spec.targetRef.name must not be empty");
        }
        String policy = string(spec.get("policy"), "spec.policy", "userscale");
        if (!POLICIES.contains(policy)) {
            throw new Problem("spec.policy", "spec.policy '" + policy + "' is not one of " + String.join(", ", POLICIES));
        }
        boolean dryRun = bool(spec.get("dryRun"), "spec.dryRun");
        Map<String, String> p = new LinkedHashMap<>();
        long min = integer(spec.get("minReplicas"), "spec.minReplicas", 1, 1);
        long max = integer(spec.get("maxReplicas"), "spec.maxReplicas", 10, 1);
        if (min > max) {
            throw new Problem("spec.minReplicas", "spec.minReplicas (" + min + ") is above spec.maxReplicas (" + max + ")");
        }
        p.put("MIN_REPLICAS", Long.toString(min));
        p.put("MAX_REPLICAS", Long.toString(max));
        Map<?, ?> signals = map(spec.get("signals"), "spec.signals");
        signal(signals, "users", "USERS_TARGET_PER_POD", null, p);
        signal(signals, "cpu", "CPU_TARGET", "CPU_SCALE_DOWN_BELOW", p);
        signal(signals, "gpu", "GPU_TARGET", "GPU_SCALE_DOWN_BELOW", p);
        signal(signals, "latency", "LATENCY_TARGET_MS", "LATENCY_SCALE_DOWN_BELOW_MS", p);
        Map<?, ?> behavior = map(spec.get("behavior"), "spec.behavior");
        behavior(behavior, "cooldownSeconds", "COOLDOWN_PERIOD", 0, p);
        behavior(behavior, "scaleUpStep", "SCALE_UP_STEP", 1, p);
        behavior(behavior, "scaleDownStep", "SCALE_DOWN_STEP", 1, p);
        behavior(behavior, "maxConsecutive", "MAX_CONSECUTIVE", 1, p);
        behavior(behavior, "stabilizationWindowSeconds", "STABILIZATION_WINDOW", 0, p);
        Object alpha = behavior.get("alpha");
        if (alpha != null) {
            double a = number(alpha, "spec.behavior.alpha");
            if (!(a > 0 && a <= 1)) {
                throw new Problem("spec.behavior.alpha", "spec.behavior.alpha must be in (0, 1], got " + alpha);
            }
            p.put("ALPHA", fmt(a));
        }
        fallback(map(spec.get("fallback"), "spec.fallback"), p);
        return new ScalingPolicySpec(TargetRef.deployment(namespace, name), policy, dryRun, p);
    }

    /** The behaviours of {@code spec.fallback.behavior}. */
    public static final List<String> FALLBACKS = List.of("hold", "fallbackReplicas", "currentIfHigher");

    private static void fallback(Map<?, ?> fallback, Map<String, String> out) {
        Object threshold = fallback.get("failureThreshold");
        if (threshold != null) {
            out.put("FALLBACK_AFTER", Long.toString(integer(threshold, "spec.fallback.failureThreshold", 0, 1)));
        }
        Object replicas = fallback.get("replicas");
        String behavior = string(fallback.get("behavior"), "spec.fallback.behavior",
                replicas == null ? "hold" : "fallbackReplicas");
        if (!FALLBACKS.contains(behavior)) {
            throw new Problem("spec.fallback.behavior", "spec.fallback.behavior '" + behavior + "' is not one of "
                    + String.join(", ", FALLBACKS));
        }
        if (behavior.equals("hold")) {
            if (replicas != null) {
                throw new Problem("spec.fallback.replicas", "spec.fallback.replicas goes with behavior "
                        + "fallbackReplicas or currentIfHigher, not hold");
            }
            if (fallback.get("behavior") != null) {
                out.put("FALLBACK_REPLICAS", "0");
            }
            return;
        }
        if (replicas == null) {
            throw new Problem("spec.fallback.replicas", "spec.fallback.behavior " + behavior
                    + " needs spec.fallback.replicas");
        }
        out.put("FALLBACK_REPLICAS", Long.toString(integer(replicas, "spec.fallback.replicas", 0, 1)));
        out.put("FALLBACK_KEEP_HIGHER", behavior.equals("currentIfHigher") ? "1" : "0");
    }

    private static void signal(Map<?, ?> signals, String name, String targetParam, String lowParam,
                               Map<String, String> out) {
        String field = "spec.signals." + name;
        Map<?, ?> s = map(signals.get(name), field);
        Object target = s.get("target");
        double t = Double.NaN;
        if (target != null) {
            t = number(target, field + ".target");
            if (!(t > 0)) {
                throw new Problem(field + ".target", field + ".target must be positive, got " + target);
            }
            out.put(targetParam, fmt(t));
        }
        Object low = s.get("scaleDownBelow");
        if (low != null) {
            if (lowParam == null) {
                throw new Problem(field + ".scaleDownBelow", field + " has no scaleDownBelow");
            }
            double l = number(low, field + ".scaleDownBelow");
            if (l < 0) {
                throw new Problem(field + ".scaleDownBelow", field + ".scaleDownBelow must be 0 or more, got " + low);
            }
            if (!Double.isNaN(t) && l >= t) {
                throw new Problem(field + ".scaleDownBelow", field + ".scaleDownBelow (" + fmt(l)
                        + ") must be below " + field + ".target (" + fmt(t) + ")");
            }
            out.put(lowParam, fmt(l));
        }
    }

    private static void behavior(Map<?, ?> behavior, String name, String param, long least, Map<String, String> out) {
        Object v = behavior.get(name);
        if (v != null) {
            out.put(param, Long.toString(integer(v, "spec.behavior." + name, 0, least)));
        }
    }

    private static Object required(Map<?, ?> m, String key, String parent) {
        Object v = m.get(key);
        if (v == null) {
            throw new Problem(parent + "." + key, parent + "." + key + " is required");
        }
        return v;
    }

    private static Map<?, ?> map(Object v, String field) {
        if (v == null) {
            return Map.of();
        }
        if (v instanceof Map<?, ?> m) {
            return m;
        }
        throw new Problem(field, field + " must be an object");
    }

    private static String string(Object v, String field, String absent) {
        if (v == null) {
            if (absent == null) {
                throw new Problem(field, field + " is required");
            }
            return absent;
        }
        if (v instanceof String s) {
            return s;
        }
        throw new Problem(field, field + " must be a string, got " + v);
    }

    private static boolean bool(Object v, String field) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new Problem(field, field + " must be true or false, got " + v);
    }

    private static double number(Object v, String field) {
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        throw new Problem(field, field + " must be a number, got " + v);
    }

    private static long integer(Object v, String field, long absent, long least) {
        if (v == null) {
            return absent;
        }
        double d = number(v, field);
        if (d != Math.rint(d)) {
            throw new Problem(field, field + " must be a whole number, got " + v);
        }
        if (d < least) {
            throw new Problem(field, field + " must be at least " + least + ", got " + (long) d);
        }
        return (long) d;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
