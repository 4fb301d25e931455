package io.userscale.gpuapp.compute;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The GPU check {@code gpu-app/gpu-check.sh} runs on a machine with an NVIDIA GPU: the GPU
 * product against the CPU's BLAS at sizes that are and are not multiples of the kernel's tile,
 * then the kernel's own time at n = 2048, 4096 and 8192 (device-resident operands, CUDA events),
 * printed as one JSON object on the last line for the script to set beside {@code torch.matmul}.
 * Exits 3 when there is no usable GPU, 1 when a product is wrong.
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
            for (int n : new int[] {64, 500, 1024}) {
                float[] a = Matrices.random(n, 11);
                float[] b = Matrices.random(n, 12);
                float[] c1 = new float[n * n];
                float[] c2 = new float[n * n];
                gpu.multiply(n, a, b, c1);
                cpu.multiply(n, a, b, c2);
                double err = relativeFrobenius(c1, c2);
                boolean pass = err <= 1e-5;
                ok &= pass;
                System.err.printf(Locale.ROOT, "gpu-check: n=%d GPU vs CPU relative Frobenius error %.2e %s%n", n, err,
                        pass ? "ok" : "WRONG");
                checks.add(String.format(Locale.ROOT, "{\"n\":%d,\"relativeError\":%.3e,\"ok\":%b}", n, err, pass));
            }
            List<String> timings = new ArrayList<>();
            for (int n : sizes) {
                float[] a = Matrices.random(n, 1);
                float[] b = Matrices.random(n, 2);
                double ms = gpu.kernelMillis(n, a, b, 3, n >= 8192 ? 5 : 20);
                double tflops = 2.0 * n * n * (double) n / (ms / 1000) / 1e12;
                System.err.printf(Locale.ROOT, "gpu-check: n=%d kernel %.3f ms, %.1f TFLOP/s%n", n, ms, tflops);
                timings.add(String.format(Locale.ROOT, "{\"n\":%d,\"ms\":%.4f,\"tflops\":%.3f}", n, ms, tflops));
            }
            System.out.println("{\"gpu\":\"" + gpu.name().replace("\"", "'") + "\",\"checks\":[" + String.join(",", checks)
                    + "],\"timings\":[" + String.join(",", timings) + "]}");
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
