package io.userscale.gpuapp.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userscale.gpuapp.GpuAppConfig;
import jakarta.ws.rs.WebApplicationException;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkersTest {

    static GpuAppConfig config(int workers, int queue) {
        return new GpuAppConfig() {
            public int maxSize() { return 4096; }
            public int maxPostSize() { return 512; }
            public int maxWorkMs() { return 60_000; }
            public OptionalInt workers() { return OptionalInt.of(workers); }
            public int queue() { return queue; }
            public int retryAfterSeconds() { return 2; }
            public int activeUserWindowSeconds() { return 10; }
            public boolean gpuEnabled() { return false; }
            public int modelSlots() { return 0; }
            public int modelWindowSeconds() { return 2; }
            public java.util.Optional<java.nio.file.Path> faultDir() { return java.util.Optional.empty(); }
        };
    }

    @Test
    void workBeyondTheWorkersAndTheQueueIsRefusedWith503AndRetryAfter() throws Exception {
        Workers workers = new Workers(config(1, 1));
        var callers = java.util.concurrent.Executors.newFixedThreadPool(2); // the common pool may have one thread
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        var first = CompletableFuture.supplyAsync(() -> workers.run(() -> {
            running.countDown();
            release.await(10, TimeUnit.SECONDS);
            return "first";
        }), callers);
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        var queued = CompletableFuture.supplyAsync(() -> workers.run(() -> "queued"), callers);
        // wait until the second is in the queue
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (workers.queued() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThatThrownBy(() -> workers.run(() -> "refused"))
                .isInstanceOfSatisfying(WebApplicationException.class, e -> {
                    assertThat(e.getResponse().getStatus()).isEqualTo(503);
                    assertThat(e.getResponse().getHeaderString("Retry-After")).isEqualTo("2");
                    assertThat(((ApiError) e.getResponse().getEntity()).error()).startsWith("busy");
                });
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("queued");
        workers.stop();
        callers.shutdown();
    }
}
