package io.userscale.gpuapp.compute;

/** Multiplies square float32 matrices stored row-major: {@code c = a × b}, all {@code n × n}. */
public interface MatMulEngine {

    /** The device kind: {@code cpu} or {@code gpu}. */
    String device();

    /** The implementation, e.g. {@code OpenBLAS (JNI)} or {@code Java BLAS (no native library)}. */
    String backend();

    void multiply(int n, float[] a, float[] b, float[] c);
}
