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
    private ModelDevice model;

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
        if (config.modelSlots() > 0) {
            model = new ModelDevice(config.modelSlots(), config.queue(), config.modelWindowSeconds());
            LOG.infof("modelled device: %d slots, %d may wait (/api/work?device=model)", config.modelSlots(),
                    config.queue());
        }
        if (gpu == null) {
            LOG.infof("GPU: none (%s); device=auto uses the CPU", gpuUnavailable);
            if (model != null) {
                ModelDevice m = model;
                Gauge.builder("userscale.gpu.utilization.percent", m, d -> d.activity().percent())
                        .description("Mean share of the modelled device's slots taken over the last "
                                + config.modelWindowSeconds() + " s, percent")
                        .register(registry);
            }
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

    /** The modelled device, if turned on ({@code gpuapp.model-slots}). */
    public Optional<ModelDevice> model() {
        return Optional.ofNullable(model);
    }

    /** Why there is no GPU engine. */
    public String gpuUnavailableReason() {
        return gpuUnavailable;
    }
}
