package io.userscale.engine.policy;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The policies by the names users select them with. */
public final class Policies {

    /**
     * Our default, chosen on the simulator's evidence (docs/policies.md): the
     * threshold rules reacting within one scrape, with a 45 s trend look-ahead (a pod start-up
     * and more), headroom of one standard deviation for noisy load, burst handling, scale-ups
     * that may double the replicas at once, a 60 s scale-down stabilisation window, latency
     * capped to ask for at most 1.2× the replicas, and, since it reacts fast, targets nearer
     * saturation than the seed's (65 % CPU, 13 users per pod). Noisy load (sample-to-sample
     * noise, per second, above 25 % of its level, as when a few requests a second arrive) is sized
     * instead from a calm level plus 1.48 per-second noise deviations, with no trend look-ahead and
     * a 10 s window.
     */
    public static final Map<String, String> USERSCALE_OVERRIDES = Map.ofEntries(
            Map.entry("CPU_TARGET", "65"),
            Map.entry("CPU_SCALE_DOWN_BELOW", "55"),
            Map.entry("USERS_TARGET_PER_POD", "13"),
            Map.entry("LATENCY_SCALE_DOWN_BELOW_MS", "150"),
            Map.entry("LATENCY_RATIO_CAP", "1.2"),
            Map.entry("NOISE_HEADROOM", "1"),
            Map.entry("NOISE_GATE", "0.25"),
            Map.entry("NOISY_HEADROOM", "1.48"),
            Map.entry("NOISY_ALPHA", "0.4"),
            Map.entry("NOISY_STABILIZATION_WINDOW", "10"),
            Map.entry("BURST_FACTOR", "2"),
            Map.entry("PREDICT_AHEAD", "45"),
            Map.entry("STABILIZATION_WINDOW", "60"),
            Map.entry("COOLDOWN_PERIOD", "15"),
            Map.entry("SCALE_UP_PERCENT", "100"),
            Map.entry("SCALE_DOWN_STEP", "2"),
            Map.entry("SCALE_DOWN_PERCENT", "25"),
            Map.entry("MAX_CONSECUTIVE", "10"));

    /** {@code hpa@T}: the HPA at a CPU target of T % (1–100), one point of the yardstick's frontier. */
    private static final Pattern HPA_AT = Pattern.compile("hpa@([1-9][0-9]?|100)");

    private Policies() {
    }

    /** Every name {@link #byName} knows, besides the HPA at a target of its own ({@code hpa@T}). */
    public static List<String> names() {
        return List.of("userscale", "userscale-v1", "seed", "seed-aggressive", "seed-conservative", "hpa", "kpa");
    }

    /** Whether {@link #byName} knows {@code name}: one of {@link #names} or {@code hpa@T}, T from 1 to 100. */
    public static boolean known(String name) {
        return names().contains(name) || hpaTarget(name) > 0;
    }

    /** The names {@link #known} takes, as an error message lists them. */
    public static String knownNames() {
        return String.join(", ", names()) + ", hpa@T (the HPA at a CPU target of T %, 1–100)";
    }

    /** Whether {@code name} is the HPA, at its default target or one of its own. */
    public static boolean isHpa(String name) {
        return name.equals("hpa") || hpaTarget(name) > 0;
    }

    /** The CPU target of {@code hpa@T}, 1–100, or 0 for any other name. */
    public static int hpaTarget(String name) {
        Matcher m = HPA_AT.matcher(name);
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }

    /**
     * The parameters of the HPA at a CPU target: its users target per pod scaled alike (10 at 50 %),
     * its low mark at 70 % of the target.
     */
    public static Map<String, String> hpaAt(int cpuTarget) {
        return Map.of("CPU_TARGET", Integer.toString(cpuTarget),
                "CPU_SCALE_DOWN_BELOW", Integer.toString(cpuTarget * 7 / 10),
                "USERS_TARGET_PER_POD", Param.format(cpuTarget / 5.0));
    }

    /**
     * The policy of a name, with parameters overridden by configuration name (applied last).
     *
     * @throws IllegalArgumentException naming the unknown policy and the known ones, or the bad parameters
     */
    public static Policy<?> byName(String name, Map<String, String> overrides) {
        return switch (name) {
            case "userscale" -> new ModelPolicy("userscale", PolicyParams.defaults().with(overrides));
            case "userscale-v1" -> new ThresholdPolicy("userscale-v1",
                    PolicyParams.defaults().with(USERSCALE_OVERRIDES).with(overrides));
            case "seed" -> new ThresholdPolicy("seed", PolicyParams.defaults().with(overrides));
            case "seed-aggressive" -> new ThresholdPolicy("seed-aggressive",
                    PolicyParams.profile("aggressive").with(overrides));
            case "seed-conservative" -> new ThresholdPolicy("seed-conservative",
                    PolicyParams.profile("conservative").with(overrides));
            case "hpa" -> new HpaPolicy(PolicyParams.defaults().with(overrides));
            case "kpa" -> new KpaPolicy(PolicyParams.defaults().with(overrides));
            default -> {
                int target = hpaTarget(name);
                if (target == 0) {
                    throw new IllegalArgumentException("unknown policy '" + name + "'; known: " + knownNames());
                }
                yield new HpaPolicy(name, PolicyParams.defaults().with(hpaAt(target)).with(overrides),
                        HpaPolicy.Behavior.DEFAULT);
            }
        };
    }

    public static Policy<?> byName(String name) {
        return byName(name, Map.of());
    }
}
