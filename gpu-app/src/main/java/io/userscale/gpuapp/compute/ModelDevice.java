package io.userscale.gpuapp.compute;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A modelled accelerator: it serves {@code slots} requests at a time, each for its service time,
 * and queues the rest in arrival order — as a GPU with a few batch slots behaves — while burning
 * no CPU (a served request waits out its time). Each replica so has a capacity of its own,
 * {@code slots ÷ service time}, that does not shrink when other replicas share the machine's
 * cores, which is what a replica on its own node or GPU has on a cluster. Its utilisation is the
 * mean share of its slots taken ({@link GpuActivity}).
 */
public final class ModelDevice {

    private final Semaphore slots;
    private final int queueLimit;
    private final AtomicInteger waiting = new AtomicInteger();
    private final GpuActivity activity;

    /**
     * @param slots      requests served at once
     * @param queueLimit most requests waiting for a slot; more are refused
     * @param windowS    seconds the utilisation covers
     */
    public ModelDevice(int slots, int queueLimit, int windowS) {
        if (slots < 1 || queueLimit < 0 || windowS < 1) {
            throw new IllegalArgumentException("slots and the window must be ≥ 1, the queue ≥ 0");
        }
        this.slots = new Semaphore(slots, true);
        this.queueLimit = queueLimit;
        this.activity = new GpuActivity(slots, TimeUnit.SECONDS.toNanos(windowS));
    }

    /** The device had no room: every slot taken and the queue full. */
    public static final class Full extends RuntimeException {
        Full(String message) {
            super(message);
        }
    }

    /**
     * Serves one request of {@code millis}: waits for a slot, holds it that long, and returns the
     * milliseconds spent waiting for it.
     *
     * @throws Full when every slot is taken and {@code queueLimit} requests already wait
     */
    public double serve(long millis) throws InterruptedException {
        long t0 = System.nanoTime();
        if (!slots.tryAcquire(0, TimeUnit.NANOSECONDS)) { // honours the queue's order, unlike tryAcquire()
            if (waiting.incrementAndGet() > queueLimit) {
                waiting.decrementAndGet();
                throw new Full("busy: all " + activity.slots() + " slots of the modelled device taken and "
                        + queueLimit + " requests waiting; retry later");
            }
            try {
                slots.acquire();
            } finally {
                waiting.decrementAndGet();
            }
        }
        double waitedMs = (System.nanoTime() - t0) / 1e6;
        activity.begin();
        try {
            Thread.sleep(millis);
        } finally {
            activity.end();
            slots.release();
        }
        return waitedMs;
    }

    public int slots() {
        return activity.slots();
    }

    public int queueLimit() {
        return queueLimit;
    }

    /** Requests waiting for a slot now. */
    public int waiting() {
        return waiting.get();
    }

    public GpuActivity activity() {
        return activity;
    }
}
