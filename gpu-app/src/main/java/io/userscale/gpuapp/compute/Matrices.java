package io.userscale.gpuapp.compute;

import java.util.SplittableRandom;

/** Seeded operands and checksums, so two devices can be compared on the same product. */
public final class Matrices {

    private Matrices() {
    }

    /** An {@code n × n} matrix of uniform values in [-1, 1), the same for the same seed. */
    public static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] m = new float[n * n];
        for (int i = 0; i < m.length; i++) {
            m[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return m;
    }

    /** Sum of all elements, accumulated in double. */
    public static double sum(float[] m) {
        double s = 0;
        for (float v : m) {
            s += v;
        }
        return s;
    }

    /** Frobenius norm, accumulated in double. */
    public static double frobenius(float[] m) {
        double s = 0;
        for (float v : m) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }
}
