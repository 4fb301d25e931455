package io.userscale.gpuapp.compute;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The GPU path where there is one; elsewhere, that looking for one fails cleanly. */
class CudaEngineTest {

    static final CudaEngine.Probe PROBE = CudaEngine.open();

    @Test
    void probingNeverThrowsAndSaysWhy() {
        assertThat(PROBE.reason()).isNotBlank();
        if (PROBE.engine() == null) {
            System.out.println("CudaEngineTest: no GPU here: " + PROBE.reason());
            assertThat(CudaEngine.open().engine()).as("probing twice is as safe as once").isNull();
        }
    }

    @Test
    void theShippedKernelsAreOnTheClassPath() {
        byte[] fatbin = CudaEngine.kernels();
        assertThat(fatbin.length).isGreaterThan(1000);
        assertThat(fatbin[fatbin.length - 1]).isZero(); // NUL-terminated for cuModuleLoadData
    }

    @Test
    void everyListedKernelIsInTheFatbin() {
        // cuModuleGetFunction needs a GPU; the names are also in the fatbin's symbol table
        String fatbin = new String(CudaEngine.kernels(), java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String kernel : CudaEngine.KERNELS) {
            assertThat(fatbin).as(kernel).contains(kernel + "\0");
        }
    }

    @Test
    void gpuProductMatchesTheCpuIncludingSizesThatNeedPadding() {
        // JUnit's own assumption: it needs nothing beyond JUnit where gpu-check.sh runs this
        Assumptions.assumeTrue(PROBE.engine() != null, () -> "skipped: no GPU here (" + PROBE.reason() + ")");
        CudaEngine gpu = PROBE.engine();
        BlasEngine cpu = new BlasEngine();
        for (int n : new int[] {1, 64, 130, 512}) {
            float[] a = Matrices.random(n, 3);
            float[] b = Matrices.random(n, 4);
            float[] c2 = new float[n * n];
            cpu.multiply(n, a, b, c2);
            float[] c1 = new float[n * n];
            gpu.multiply(n, a, b, c1);
            assertThat(GpuCheck.relativeFrobenius(c1, c2)).as("n=%d", n).isLessThan(1e-5);
            for (String kernel : CudaEngine.KERNELS) {
                float[] c = new float[n * n];
                gpu.multiply(kernel, n, a, b, c);
                assertThat(GpuCheck.relativeFrobenius(c, c2)).as("%s n=%d", kernel, n).isLessThan(1e-5);
            }
        }
        long t0 = System.nanoTime();
        gpu.busy(100);
        assertThat((System.nanoTime() - t0) / 1e6).isGreaterThan(80);
        assertThat(gpu.activity().percent()).isPositive();
    }
}
