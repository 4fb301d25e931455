package io.userscale.gpuapp.compute;

import dev.ludovic.netlib.blas.BLAS;

/**
 * CPU SGEMM through netlib-java's successor ({@code dev.ludovic.netlib}): the machine's native
 * BLAS through JNI when one is installed (Debian's {@code libopenblas0} provides
 * {@code libblas.so.3}), else its pure-Java implementation (vectorised where the JVM allows).
 */
public final class BlasEngine implements MatMulEngine {

    private final BLAS blas = BLAS.getInstance();

    @Override
    public String device() {
        return "cpu";
    }

    @Override
    public String backend() {
        String impl = blas.getClass().getSimpleName();
        return switch (impl) {
            case "JNIBLAS" -> "native BLAS via JNI (" + impl + ")";
            case "VectorBLAS" -> "Java Vector API BLAS (" + impl + "; no native BLAS found)";
            default -> "Java BLAS (" + impl + "; no native BLAS found)";
        };
    }

    /** Whether a native BLAS is in use. */
    public boolean isNative() {
        return blas.getClass().getSimpleName().equals("JNIBLAS");
    }

    @Override
    public void multiply(int n, float[] a, float[] b, float[] c) {
        // row-major C = A·B is column-major Cᵀ = Bᵀ·Aᵀ: pass B first
        blas.sgemm("N", "N", n, n, n, 1.0f, b, n, a, n, 0.0f, c, n);
    }
}
