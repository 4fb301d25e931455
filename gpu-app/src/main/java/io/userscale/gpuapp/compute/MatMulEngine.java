package io.userscale.gpuapp.compute;

/** Multiplies square float32 matrices stored row-major: {@code c = a × b}, all {@code n × n}. */
public interface MatMulEngine {

    /** The device kind: {@code cpu} or {@code gpu}. */
    String device();

    /** The implementation, e.g. {@code OpenBLAS (JNI)} or {@code Java BLAS (no native library)}. */
    String backend();

    void multiply(int n, float[] a, float[] b, float[] c);

    /** Keeps this device busy for about {@code millis}: on the CPU, arithmetic on the calling thread. */
    default void busy(long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        double x = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                x += Math.sqrt(i + x % 7);
            }
        }
        if (x < 0) {
            throw new AssertionError(); // keeps the loop from being optimised away
        }
    }
}
