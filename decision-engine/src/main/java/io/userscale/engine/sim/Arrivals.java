package io.userscale.engine.sim;

import java.util.Locale;

/** How requests reach the model cluster. */
public enum Arrivals {
    /** Exactly the trace's rate each second, spread evenly over the ready pods. */
    FLUID,
    /**
     * A Poisson count each second with the trace's rate as its mean (the same counts for every
     * policy of one seed), each request routed to a ready pod at random: the signals carry the
     * sample noise a real service shows.
     */
    POISSON;

    /** By the name users type ({@code fluid}, {@code poisson}). */
    public static Arrivals parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown arrivals '" + name + "'; known: fluid, poisson");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
