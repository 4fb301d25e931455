package io.userscale.gpuapp.compute;

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

    private final String gpuUnavailable = "no CUDA device support in this build of gpu-app";
    private BlasEngine cpu;

    @jakarta.annotation.PostConstruct
    void start() {
        cpu = new BlasEngine();
        LOG.infof("CPU matmul backend: %s", cpu.backend());
        LOG.infof("GPU: none (%s); device=auto uses the CPU", gpuUnavailable);
    }

    public BlasEngine cpu() {
        return cpu;
    }

    /** The GPU engine, if this pod has one. */
    public Optional<MatMulEngine> gpu() {
        return Optional.empty();
    }

    /** Why there is no GPU engine. */
    public String gpuUnavailableReason() {
        return gpuUnavailable;
    }
}
