package io.userscale.engine.sim;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How requests reach the model cluster. */
public enum Arrivals {
    /** Exactly the trace's rate each second, spread evenly over the ready pods. */
    FLUID,
    /**
     * A Poisson count each second with the trace's rate as its mean (the same counts for every
     * policy of one seed), each request routed to a ready pod at random: the signals carry the
     * sample noise a real service shows.
     */
    POISSON,
    /**
     * The trace's rate each second, requests evenly paced (the fraction carried to the next
     * second), each routed to a ready pod at random: what an open-loop load generator sends
     * through a Service or {@code SO_REUSEPORT} with one request per connection. The total has no
     * sample noise; each pod's share has the routing's.
     */
    PACED;

    /** By the name users type ({@code fluid}, {@code poisson}, {@code paced}). */
    public static Arrivals parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown arrivals '" + name + "'; known: "
                    + Arrays.stream(values()).map(Arrivals::label).collect(Collectors.joining(", ")));
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
