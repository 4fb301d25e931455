package io.userscale.engine.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An immutable, validated set of policy parameters. Built from a profile and overrides by
 * configuration name ({@code CPU_TARGET=70}); invalid input is refused with every problem named
 * as {@code KEY=value: must be in [range]}.
 */
public final class PolicyParams {

    private final double[] values;

    private PolicyParams(double[] values) {
        this.values = values;
    }

    /** The {@code default} profile. */
    public static PolicyParams defaults() {
        double[] v = new double[Param.values().length];
        for (Param p : Param.values()) {
            v[p.ordinal()] = p.defaultValue();
        }
        return new PolicyParams(v);
    }

    /** These parameters with some replaced; keys are configuration names, values numbers. */
    public PolicyParams with(Map<String, String> overrides) {
        double[] v = values.clone();
        List<String> problems = new ArrayList<>();
        for (var e : overrides.entrySet()) {
            String key = e.getKey().trim().toUpperCase(Locale.ROOT);
            Param p;
            try {
                p = Param.valueOf(key);
            } catch (IllegalArgumentException unknown) {
                problems.add(e.getKey() + ": unknown parameter; known: " + String.join(", ", names()));
                continue;
            }
            String raw = e.getValue() == null ? "" : e.getValue().trim();
            try {
                v[p.ordinal()] = Double.parseDouble(raw);
            } catch (NumberFormatException nfe) {
                problems.add(key + "=" + raw + ": not a number; must be in " + p.range());
            }
        }
        PolicyParams result = new PolicyParams(v);
        problems.addAll(result.problems());
        if (!problems.isEmpty()) {
            throw new InvalidParamsException(problems);
        }
        return result;
    }

    /** Every problem with these values, each naming key, value and allowed range. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (Param p : Param.values()) {
            double v = values[p.ordinal()];
            if (Double.isNaN(v) || v < p.min() || v > p.max() || (p.integer() && v != Math.rint(v))) {
                problems.add(p.name() + "=" + Param.format(v) + ": must be in " + p.range());
            }
        }
        if (get(Param.MIN_REPLICAS) > get(Param.MAX_REPLICAS)) {
            problems.add("MIN_REPLICAS=" + Param.format(get(Param.MIN_REPLICAS)) + ": must not exceed MAX_REPLICAS="
                    + Param.format(get(Param.MAX_REPLICAS)));
        }
        lowMark(problems, Param.CPU_SCALE_DOWN_BELOW, Param.CPU_TARGET);
        lowMark(problems, Param.GPU_SCALE_DOWN_BELOW, Param.GPU_TARGET);
        lowMark(problems, Param.LATENCY_SCALE_DOWN_BELOW_MS, Param.LATENCY_TARGET_MS);
        return problems;
    }

    private void lowMark(List<String> problems, Param low, Param target) {
        if (get(low) > get(target)) {
            problems.add(low.name() + "=" + Param.format(get(low)) + ": must not exceed " + target.name() + "="
                    + Param.format(get(target)));
        }
    }

    public double get(Param p) {
        return values[p.ordinal()];
    }

    public int getInt(Param p) {
        return (int) values[p.ordinal()];
    }

    /** Seconds-valued parameter in milliseconds. */
    public long millis(Param p) {
        return Math.round(values[p.ordinal()] * 1000);
    }

    /** Every parameter by configuration name, as text (what a Decision records). */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Param p : Param.values()) {
            m.put(p.name(), Param.format(values[p.ordinal()]));
        }
        return m;
    }

    /** A short, stable hash of the values, part of a policy's version. */
    public String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(asMap().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> names() {
        return java.util.Arrays.stream(Param.values()).map(Enum::name).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolicyParams other && java.util.Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    /**
     * The named profiles: {@code default}, {@code aggressive} (reacts sooner and in bigger steps,
     * aims lower) and {@code conservative} (smooths more, moves one replica at a time, aims higher).
     */
    public static Map<String, PolicyParams> profiles() {
        return Profiles.ALL;
    }

    /** A named profile. */
    public static PolicyParams profile(String name) {
        PolicyParams p = Profiles.ALL.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown profile '" + name + "'; known: "
                    + String.join(", ", Profiles.ALL.keySet()));
        }
        return p;
    }

    /** Thrown when parameters are invalid; the message lists every problem. */
    public static final class InvalidParamsException extends IllegalArgumentException {
        private final List<String> problems;

        public InvalidParamsException(List<String> problems) {
            super("invalid policy parameters: " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private static final class Profiles {
        static final Map<String, PolicyParams> ALL = Map.of(
                "default", defaults(),
                "aggressive", defaults().with(Map.of("ALPHA", "0.8", "COOLDOWN_PERIOD", "15", "SCALE_UP_STEP", "4",
                        "SCALE_DOWN_STEP", "2", "MAX_CONSECUTIVE", "5", "USERS_TARGET_PER_POD", "8", "CPU_TARGET", "40",
                        "CPU_SCALE_DOWN_BELOW", "25")),
                "conservative", defaults().with(Map.of("ALPHA", "0.4", "COOLDOWN_PERIOD", "60", "SCALE_UP_STEP",
                        "1", "SCALE_DOWN_STEP", "1", "MAX_CONSECUTIVE", "2", "USERS_TARGET_PER_POD", "12",
                        "CPU_TARGET", "60", "CPU_SCALE_DOWN_BELOW", "40")));
    }
}
