package io.userscale.gpuapp.compute;

import static jcuda.driver.JCudaDriver.cuCtxCreate;
import static jcuda.driver.JCudaDriver.cuCtxDestroy;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

/**
 * SGEMM on an NVIDIA GPU through JCuda's driver API and the kernel gpu-app ships
 * ({@code cuda/matmul.fatbin}, built from {@code src/main/cuda/matmul.cu}): 128×128 tiles, 8×8
 * per thread, in the variants listed in {@link #KERNELS}; the system property
 * {@code userscale.gpu.kernel} picks another than the first. The driver API needs only the driver's {@code libcuda.so.1}, no CUDA toolkit
 * libraries. Matrices whose size is not a multiple of 128 are zero-padded on the host. One GPU
 * operation runs at a time; {@link #activity()} says how much of the wall time the GPU was busy.
 */
public final class CudaEngine implements MatMulEngine, AutoCloseable {

    /** Tile edge of the kernel: device matrices are padded to a multiple of it. */
    static final int TILE = 128;

    /**
     * The SGEMM kernels in the fatbin, the one used by default first: the order is what
     * {@code gpu-app/gpu-check.sh} measured on an H200 (see docs/workload.md).
     */
    public static final List<String> KERNELS = List.of("sgemm_nn_128_db16", "sgemm_nn_128_db8", "sgemm_nn_128");

    private final CUcontext context;
    private final Map<String, CUfunction> kernels;
    private final String kernel;
    private final CUfunction spin;
    private final String name;
    private final int clockKHz;
    private final ReentrantLock lock = new ReentrantLock();
    private final GpuActivity activity = new GpuActivity();

    private CudaEngine(CUcontext context, Map<String, CUfunction> kernels, String kernel, CUfunction spin, String name,
            int clockKHz) {
        this.context = context;
        this.kernels = kernels;
        this.kernel = kernel;
        this.spin = spin;
        this.name = name;
        this.clockKHz = clockKHz;
    }

    /**
     * The result of looking for a GPU.
     *
     * @param engine the engine, or {@code null}
     * @param reason why there is none, or what was found
     */
    public record Probe(CudaEngine engine, String reason) {
    }

    /** Looks for a CUDA device once; never throws, whatever the machine lacks. */
    public static Probe open() {
        try {
            JCudaDriver.setExceptionsEnabled(true);
            cuInit(0);
            int[] count = {0};
            cuDeviceGetCount(count);
            if (count[0] == 0) {
                return new Probe(null, "the CUDA driver found no device");
            }
            CUdevice device = new CUdevice();
            cuDeviceGet(device, 0);
            byte[] nameBytes = new byte[256];
            cuDeviceGetName(nameBytes, nameBytes.length, device);
            String name = new String(nameBytes, StandardCharsets.US_ASCII).trim().replace("\0", "");
            int[] clock = {0};
            cuDeviceGetAttribute(clock, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_CLOCK_RATE, device);
            int[] driver = {0};
            cuDriverGetVersion(driver);
            CUcontext context = new CUcontext();
            cuCtxCreate(context, 0, device);
            CUmodule module = new CUmodule();
            cuModuleLoadData(module, kernels());
            String kernel = System.getProperty("userscale.gpu.kernel", KERNELS.get(0));
            if (!KERNELS.contains(kernel)) {
                return new Probe(null, "userscale.gpu.kernel is " + kernel + "; the shipped kernels are " + KERNELS);
            }
            Map<String, CUfunction> functions = new LinkedHashMap<>();
            for (String k : KERNELS) {
                CUfunction f = new CUfunction();
                cuModuleGetFunction(f, module, k);
                functions.put(k, f);
            }
            CUfunction spin = new CUfunction();
            cuModuleGetFunction(spin, module, "spin");
            String label = name + " (CUDA driver " + driver[0] / 1000 + "." + (driver[0] % 1000) / 10 + ")";
            return new Probe(new CudaEngine(context, functions, kernel, spin, label, Math.max(1, clock[0])), label);
        } catch (LinkageError e) {
            return new Probe(null, "no CUDA driver on this machine (" + firstLine(e) + ")");
        } catch (RuntimeException e) {
            return new Probe(null, "CUDA is present but unusable: " + firstLine(e));
        }
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The shipped kernels' fatbin, as the driver's loader wants it (NUL-terminated). */
    static byte[] kernels() {
        try (InputStream in = CudaEngine.class.getResourceAsStream("/cuda/matmul.fatbin")) {
            if (in == null) {
                throw new IllegalStateException("cuda/matmul.fatbin is missing from the class path");
            }
            byte[] b = in.readAllBytes();
            byte[] z = new byte[b.length + 1];
            System.arraycopy(b, 0, z, 0, b.length);
            return z;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read cuda/matmul.fatbin: " + e.getMessage(), e);
        }
    }

    @Override
    public String device() {
        return "gpu";
    }

    @Override
    public String backend() {
        return "CUDA driver API, shipped SGEMM kernel " + kernel + ", on " + name;
    }

    public String name() {
        return name;
    }

    /** How busy the GPU has been. */
    public GpuActivity activity() {
        return activity;
    }

    /** The kernel this engine multiplies with. */
    public String kernel() {
        return kernel;
    }

    @Override
    public void multiply(int n, float[] a, float[] b, float[] c) {
        multiply(kernel, n, a, b, c);
    }

    /** {@link #multiply(int, float[], float[], float[])} with one of {@link #KERNELS}. */
    void multiply(String variant, int n, float[] a, float[] b, float[] c) {
        CUfunction f = function(variant);
        int np = (n + TILE - 1) / TILE * TILE;
        float[] pa = pad(a, n, np);
        float[] pb = pad(b, n, np);
        float[] pc = np == n ? c : new float[np * np];
        long bytes = (long) np * np * Sizeof.FLOAT;
        lock.lock();
        activity.begin();
        CUdeviceptr da = new CUdeviceptr();
        CUdeviceptr db = new CUdeviceptr();
        CUdeviceptr dc = new CUdeviceptr();
        try {
            cuCtxSetCurrent(context);
            cuMemAlloc(da, bytes);
            cuMemAlloc(db, bytes);
            cuMemAlloc(dc, bytes);
            cuMemcpyHtoD(da, Pointer.to(pa), bytes);
            cuMemcpyHtoD(db, Pointer.to(pb), bytes);
            launchSgemm(f, da, db, dc, np);
            cuCtxSynchronize();
            cuMemcpyDtoH(Pointer.to(pc), dc, bytes);
        } finally {
            free(da);
            free(db);
            free(dc);
            activity.end();
            lock.unlock();
        }
        if (pc != c) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(pc, i * np, c, i * n, n);
            }
        }
    }

    /**
     * Times the kernel alone on device-resident {@code n × n} matrices (n a multiple of 128),
     * the way {@code torch.matmul} on CUDA tensors is timed: CUDA events around {@code reps}
     * launches after {@code warmups}.
     *
     * @return milliseconds per product
     */
    public double kernelMillis(String variant, int n, float[] a, float[] b, int warmups, int reps) {
        CUfunction f = function(variant);
        if (n % TILE != 0) {
            throw new IllegalArgumentException("n must be a multiple of " + TILE + ", got " + n);
        }
        long bytes = (long) n * n * Sizeof.FLOAT;
        lock.lock();
        CUdeviceptr da = new CUdeviceptr();
        CUdeviceptr db = new CUdeviceptr();
        CUdeviceptr dc = new CUdeviceptr();
        CUevent start = new CUevent();
        CUevent stop = new CUevent();
        try {
            cuCtxSetCurrent(context);
            cuMemAlloc(da, bytes);
            cuMemAlloc(db, bytes);
            cuMemAlloc(dc, bytes);
            cuMemcpyHtoD(da, Pointer.to(a), bytes);
            cuMemcpyHtoD(db, Pointer.to(b), bytes);
            for (int i = 0; i < warmups; i++) {
                launchSgemm(f, da, db, dc, n);
            }
            cuCtxSynchronize();
            cuEventCreate(start, 0);
            cuEventCreate(stop, 0);
            cuEventRecord(start, null);
            for (int i = 0; i < reps; i++) {
                launchSgemm(f, da, db, dc, n);
            }
            cuEventRecord(stop, null);
            cuEventSynchronize(stop);
            float[] ms = {0};
            cuEventElapsedTime(ms, start, stop);
            return ms[0] / reps;
        } finally {
            cuEventDestroy(start);
            cuEventDestroy(stop);
            free(da);
            free(db);
            free(dc);
            lock.unlock();
        }
    }

    /** Keeps the GPU busy for about {@code millis} (the GPU's busy work of {@code /api/work}). */
    public void busy(long millis) {
        lock.lock();
        activity.begin();
        try {
            cuCtxSetCurrent(context);
            long cycles = millis * clockKHz;
            Pointer params = Pointer.to(Pointer.to(new long[] {cycles}), Pointer.to(new CUdeviceptr()));
            cuLaunchKernel(spin, 1, 1, 1, 32, 1, 1, 0, null, params, null);
            cuCtxSynchronize();
        } finally {
            activity.end();
            lock.unlock();
        }
    }

    private CUfunction function(String variant) {
        CUfunction f = kernels.get(variant);
        if (f == null) {
            throw new IllegalArgumentException("no kernel " + variant + "; the shipped kernels are " + KERNELS);
        }
        return f;
    }

    private static void launchSgemm(CUfunction f, CUdeviceptr a, CUdeviceptr b, CUdeviceptr c, int n) {
        Pointer params = Pointer.to(Pointer.to(a), Pointer.to(b), Pointer.to(c), Pointer.to(new int[] {n}));
        cuLaunchKernel(f, n / TILE, n / TILE, 1, 256, 1, 1, 0, null, params, null);
    }

    private static float[] pad(float[] m, int n, int np) {
        if (np == n) {
            return m;
        }
        float[] p = new float[np * np];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m, i * n, p, i * np, n);
        }
        return p;
    }

    private static void free(CUdeviceptr p) {
        try {
            cuMemFree(p);
        } catch (RuntimeException e) {
            // never allocated: nothing to free
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            cuCtxDestroy(context);
        } finally {
            lock.unlock();
        }
    }
}
