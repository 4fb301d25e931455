package io.userscale.gpuapp.compute;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.userscale.gpuapp.GpuAppConfig;
import jakarta.inject.Inject;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The engines this pod has: always the CPU's BLAS; a GPU engine where a CUDA device is present.
 * Says once, at start-up, which backend serves and why.
 */
@ApplicationScoped
@Startup
public class Engines {

    private static final Logger LOG = Logger.getLogger(Engines.class);

    @Inject
    GpuAppConfig config;

    @Inject
    MeterRegistry registry;

    private String gpuUnavailable;
    private BlasEngine cpu;
    private CudaEngine gpu;

    @jakarta.annotation.PostConstruct
    void start() {
        cpu = new BlasEngine();
        LOG.infof("CPU matmul backend: %s", cpu.backend());
        if (!cpu.isNative() && ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            LOG.info("no native BLAS and no jdk.incubator.vector: start the JVM with gpu-app's options, "
                    + "java @gpu-app/jvm.options (it adds --add-modules=jdk.incubator.vector), for a pure-Java "
                    + "SGEMM about 5x faster");
        }
        if (!config.gpuEnabled()) {
            gpuUnavailable = "the GPU is turned off (gpuapp.gpu-enabled=false)";
        } else {
            CudaEngine.Probe probe = CudaEngine.open();
            gpu = probe.engine();
            gpuUnavailable = probe.reason();
        }
        if (gpu == null) {
            LOG.infof("GPU: none (%s); device=auto uses the CPU", gpuUnavailable);
            return;
        }
        LOG.infof("GPU matmul backend: %s; device=auto uses the GPU", gpu.backend());
        CudaEngine g = gpu;
        Gauge.builder("userscale.gpu.utilization.percent", g, e -> e.activity().percent())
                .description("Share of the last 10 s with GPU work in flight, percent, as measured by the app")
                .register(registry);
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        if (gpu != null) {
            gpu.close();
        }
    }

    public BlasEngine cpu() {
        return cpu;
    }

    /** The GPU engine, if this pod has one. */
    public Optional<MatMulEngine> gpu() {
        return Optional.ofNullable(gpu);
    }

    /** Why there is no GPU engine. */
    public String gpuUnavailableReason() {
        return gpuUnavailable;
    }
}
