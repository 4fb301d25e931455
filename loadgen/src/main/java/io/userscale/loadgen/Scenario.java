package io.userscale.loadgen;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The load scenarios, under the names users already type ({@code --scenario intensive_matrix}). */
public enum Scenario {

    /** Many users multiplying large matrices continuously. */
    INTENSIVE_MATRIX("intensive_matrix", "sustained heavy matrix multiplication"),
    /** Alternating quiet and busy periods. */
    BURST("burst", "cycles of quiet and sudden load"),
    /** Long GPU-bound work per request. */
    GPU("gpu", "GPU-bound busy work of --work-ms per request"),
    /** Users added steadily over the run. */
    RAMP("ramp", "load rising linearly over the run"),
    /** One jump from low to high load. */
    STEP("step", "a single step from low to high load"),
    /** A recorded request-rate trace replayed open-loop. */
    TRACE("trace", "replay a t_seconds,rate CSV trace");

    private final String cliName;
    private final String description;

    Scenario(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    public String cliName() {
        return cliName;
    }

    public String description() {
        return description;
    }

    /**
     * How many of {@code max} users are active {@code t} seconds into a run of {@code duration}:
     * the shape of the scenario over time.
     */
    public int activeUsers(double t, double duration, int max, int burstCycles) {
        return switch (this) {
            case INTENSIVE_MATRIX, GPU, TRACE -> max;
            case BURST -> {
                double cycle = duration / Math.max(1, burstCycles);
                double phase = (t % cycle) / cycle;
                yield phase < 0.5 ? Math.max(1, max / 10) : max; // a quiet half, then a busy half
            }
            case RAMP -> Math.max(1, (int) Math.ceil(max * Math.min(1, t / duration)));
            case STEP -> t < duration / 2 ? Math.max(1, max / 5) : max;
        };
    }

    /**
     * The scenario of a command-line name, case-insensitive, {@code -} and {@code _} alike.
     *
     * @throws IllegalArgumentException naming the value and listing the valid names
     */
    public static Scenario parse(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values())
                .filter(s -> s.cliName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + name + "'; expected one of: "
                        + Arrays.stream(values()).map(Scenario::cliName).collect(Collectors.joining(", "))));
    }
}
