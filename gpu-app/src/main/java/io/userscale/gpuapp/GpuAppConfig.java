package io.userscale.gpuapp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.OptionalInt;

/** gpu-app's configuration ({@code gpuapp.*}). */
@ConfigMapping(prefix = "gpuapp")
public interface GpuAppConfig {

    /** Largest {@code size} of a server-generated product. */
    @WithDefault("4096")
    int maxSize();

    /** Largest side of caller-supplied matrices in {@code POST /api/matmul}. */
    @WithDefault("512")
    int maxPostSize();

    /** Longest busy work of {@code /api/work}, ms. */
    @WithDefault("60000")
    int maxWorkMs();

    /** Compute threads (default: the CPUs this pod may use). */
    OptionalInt workers();

    /** Requests that may wait for a worker before new ones get 503. */
    @WithDefault("64")
    int queue();

    /** Seconds a refused client is told to wait. */
    @WithDefault("1")
    int retryAfterSeconds();

    /** Whether to look for a CUDA GPU at start-up (false: CPU only). */
    @WithDefault("true")
    boolean gpuEnabled();

    /**
     * Longest a user counts as this pod's after its latest request here, seconds (and how long a
     * user counts while no pause between requests has been learned yet).
     */
    @WithDefault("10")
    int activeUserWindowSeconds();

    /**
     * Batch slots of the modelled device, {@code /api/work?device=model}: requests it serves at
     * once, each for its {@code ms} without burning CPU, the rest queued (at most {@link #queue()});
     * 0 turns it off.
     */
    @WithDefault("0")
    int modelSlots();

    /** Seconds the modelled device's utilisation covers. */
    @WithDefault("2")
    int modelWindowSeconds();

    /**
     * A directory of metrics faults for fault-injection runs ({@code userscale chaos}): while a
     * file {@code all} or {@code <this process id>} in it reads {@code hang}, {@code /q/metrics}
     * holds its answer until the file changes; {@code garbage}, it answers something that is not
     * the exposition format. Unset (the default): no fault is ever looked for.
     */
    java.util.Optional<java.nio.file.Path> faultDir();
}
