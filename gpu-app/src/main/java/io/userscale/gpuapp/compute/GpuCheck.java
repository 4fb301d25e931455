package io.userscale.gpuapp.compute;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The GPU check {@code gpu-app/gpu-check.sh} runs on a machine with an NVIDIA GPU: each shipped
 * kernel's product against the CPU's BLAS at sizes that are and are not multiples of the tile
 * (relative Frobenius error, and at n = 2000 the checksum {@code GET /api/matmul} reports), the
 * GPU busy work, then each kernel's own time at n = 2048, 4096 and 8192 (device-resident operands,
 * CUDA events), printed as one JSON object on stdout for the script to set beside
 * {@code torch.matmul}. Exits 3 when there is no usable GPU, 1 when the engine's kernel is wrong.
 */
public final class GpuCheck {

    private GpuCheck() {
    }

    public static void main(String[] args) {
        CudaEngine.Probe probe = CudaEngine.open();
        if (probe.engine() == null) {
            System.err.println("gpu-check: no GPU: " + probe.reason());
            System.exit(3);
        }
        int[] sizes = args.length > 0 ? parse(args[0]) : new int[] {2048, 4096, 8192};
        try (CudaEngine gpu = probe.engine()) {
            System.err.println("gpu-check: " + gpu.backend());
            BlasEngine cpu = new BlasEngine();
            System.err.println("gpu-check: CPU reference " + cpu.backend());
            boolean ok = true;
            List<String> checks = new ArrayList<>();
            for (int n : new int[] {64, 500, 1024, 2000}) {
                float[] a = Matrices.random(n, 11);
                float[] b = Matrices.random(n, 12);
                float[] ref = new float[n * n];
                cpu.multiply(n, a, b, ref);
                for (String kernel : CudaEngine.KERNELS) {
                    float[] c = new float[n * n];
                    gpu.multiply(kernel, n, a, b, c);
                    double err = relativeFrobenius(c, ref);
                    double sumDiff = Math.abs(Matrices.sum(c) - Matrices.sum(ref));
                    // |Δ sum| <= n·‖Δ‖_F, so the error bound 1e-5 on ‖Δ‖_F/‖C‖_F bounds the checksum too
                    double sumTolerance = n * 1e-5 * Matrices.frobenius(ref);
                    boolean pass = err <= 1e-5 && sumDiff <= sumTolerance;
                    if (kernel.equals(gpu.kernel())) {
                        ok &= pass;
                    }
                    System.err.printf(Locale.ROOT, "gpu-check: %-18s n=%4d relative error %.2e, checksum %.6g vs CPU %.6g %s%n",
                            kernel, n, err, Matrices.sum(c), Matrices.sum(ref), pass ? "ok" : "WRONG");
                    checks.add(String.format(Locale.ROOT,
                            "{\"kernel\":\"%s\",\"n\":%d,\"relativeError\":%.3e,\"checksumGpu\":%.6f,\"checksumCpu\":%.6f,\"ok\":%b}",
                            kernel, n, err, Matrices.sum(c), Matrices.sum(ref), pass));
                }
            }
            long t0 = System.nanoTime();
            gpu.busy(200);
            double busyMs = (System.nanoTime() - t0) / 1e6;
            System.err.printf(Locale.ROOT, "gpu-check: busy work asked 200 ms, took %.1f ms; GPU busy %.1f%% of wall time%n",
                    busyMs, gpu.activity().percent());
            List<String> timings = new ArrayList<>();
            for (int n : sizes) {
                float[] a = Matrices.random(n, 1);
                float[] b = Matrices.random(n, 2);
                for (String kernel : CudaEngine.KERNELS) {
                    double ms = gpu.kernelMillis(kernel, n, a, b, 3, n >= 8192 ? 5 : 20);
                    double tflops = 2.0 * n * n * (double) n / (ms / 1000) / 1e12;
                    System.err.printf(Locale.ROOT, "gpu-check: %-18s n=%d %.3f ms, %.1f TFLOP/s%n", kernel, n, ms, tflops);
                    timings.add(String.format(Locale.ROOT, "{\"kernel\":\"%s\",\"n\":%d,\"ms\":%.4f,\"tflops\":%.3f}",
                            kernel, n, ms, tflops));
                }
            }
            System.out.println("{\"gpu\":\"" + gpu.name().replace("\"", "'") + "\",\"kernel\":\"" + gpu.kernel()
                    + "\",\"busyMs\":" + String.format(Locale.ROOT, "%.1f", busyMs) + ",\"checks\":["
                    + String.join(",", checks) + "],\"timings\":[" + String.join(",", timings) + "]}");
            System.exit(ok ? 0 : 1);
        }
    }

    static double relativeFrobenius(float[] x, float[] reference) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            double d = (double) x[i] - reference[i];
            num += d * d;
            den += (double) reference[i] * reference[i];
        }
        return Math.sqrt(num / Math.max(den, Double.MIN_NORMAL));
    }

    private static int[] parse(String csv) {
        String[] parts = csv.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i].trim());
            if (out[i] <= 0 || out[i] % CudaEngine.TILE != 0) {
                throw new IllegalArgumentException("sizes must be positive multiples of " + CudaEngine.TILE + ": " + csv);
            }
        }
        return out;
    }
}
