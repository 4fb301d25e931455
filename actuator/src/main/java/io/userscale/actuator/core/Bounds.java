package io.userscale.actuator.core;

/**
 * The replica counts a target may be set to, both ends included.
 *
 * @param min the fewest replicas, at least 0
 * @param max the most replicas, at least {@code min}
 */
public record Bounds(int min, int max) {

    public Bounds {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("replica bounds must satisfy 0 <= min <= max, got min=" + min
                    + " max=" + max);
        }
    }

    /** Whether {@code replicas} lies within the bounds. */
    public boolean contains(int replicas) {
        return replicas >= min && replicas <= max;
    }

    @Override
    public String toString() {
        return "[" + min + ", " + max + "]";
    }
}
