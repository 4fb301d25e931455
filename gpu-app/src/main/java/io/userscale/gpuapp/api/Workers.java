package io.userscale.gpuapp.api;

import io.userscale.gpuapp.GpuAppConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.WebApplicationException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The compute pool, sized like the pod: a fixed number of workers and a bounded queue. Work that
 * finds the queue full is refused at once with 503 and {@code Retry-After}, so a pod under too
 * much load says so instead of piling up requests until it falls over.
 */
@ApplicationScoped
public class Workers {

    private final ThreadPoolExecutor pool;
    private final int retryAfterSeconds;

    public Workers(GpuAppConfig config) {
        AtomicInteger n = new AtomicInteger();
        int workers = config.workers().orElse(Runtime.getRuntime().availableProcessors());
        this.pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.queue()), r -> {
                    Thread t = new Thread(r, "matmul-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.retryAfterSeconds = config.retryAfterSeconds();
    }

    /** Runs {@code work} on the pool and waits for it; 503 with Retry-After when the pool is full. */
    public <T> T run(Callable<T> work) {
        Future<T> f;
        try {
            f = pool.submit(work);
        } catch (RejectedExecutionException e) {
            throw busy("busy: all " + pool.getMaximumPoolSize() + " workers and " + pool.getQueue().size()
                    + " queued requests taken; retry later", retryAfterSeconds);
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The refusal of a pod with no room: 503, {@code Retry-After}, and the reason as a JSON error. */
    static WebApplicationException busy(String message, int retryAfterSeconds) {
        return new WebApplicationException(Response.status(503).header("Retry-After", retryAfterSeconds)
                .type(MediaType.APPLICATION_JSON).entity(new ApiError(message, null, null)).build());
    }

    public int workers() {
        return pool.getMaximumPoolSize();
    }

    public int queueCapacity() {
        return pool.getQueue().remainingCapacity() + pool.getQueue().size();
    }

    /** Requests waiting for a worker now. */
    public int queued() {
        return pool.getQueue().size();
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
