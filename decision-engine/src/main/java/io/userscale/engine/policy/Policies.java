package io.userscale.engine.policy;

import java.util.List;
import java.util.Map;

/** The policies by the names users select them with. */
public final class Policies {

    /** Our default: the threshold rules with burst handling, a short stabilisation window and look-ahead. */
    public static final Map<String, String> USERSCALE_OVERRIDES = Map.of(
            "BURST_FACTOR", "1.5",
            "STABILIZATION_WINDOW", "60",
            "PREDICT_AHEAD", "30",
            "COOLDOWN_PERIOD", "15",
            "SCALE_UP_PERCENT", "100",
            "MAX_CONSECUTIVE", "10",
            "SCALE_DOWN_STEP", "2");

    private Policies() {
    }

    /** Every name {@link #byName} knows. */
    public static List<String> names() {
        return List.of("userscale", "seed", "seed-aggressive", "seed-conservative", "hpa", "kpa");
    }

    /**
     * The policy of a name, with parameters overridden by configuration name (applied last).
     *
     * @throws IllegalArgumentException naming the unknown policy and the known ones, or the bad parameters
     */
    public static Policy<?> byName(String name, Map<String, String> overrides) {
        return switch (name) {
            case "userscale" -> new ThresholdPolicy("userscale",
                    PolicyParams.defaults().with(USERSCALE_OVERRIDES).with(overrides));
            case "seed" -> new ThresholdPolicy("seed", PolicyParams.defaults().with(overrides));
            case "seed-aggressive" -> new ThresholdPolicy("seed-aggressive",
                    PolicyParams.profile("aggressive").with(overrides));
            case "seed-conservative" -> new ThresholdPolicy("seed-conservative",
                    PolicyParams.profile("conservative").with(overrides));
            case "hpa" -> new HpaPolicy(PolicyParams.defaults().with(overrides));
            case "kpa" -> new KpaPolicy(PolicyParams.defaults().with(overrides));
            default -> throw new IllegalArgumentException("unknown policy '" + name + "'; known: "
                    + String.join(", ", names()));
        };
    }

    public static Policy<?> byName(String name) {
        return byName(name, Map.of());
    }
}
