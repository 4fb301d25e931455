package io.userscale.loadgen;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.DoubleUnaryOperator;

/**
 * The two ways to load gpu-app.
 *
 * <ul>
 *   <li>Closed loop: up to {@code concurrency} users, each waiting for its answer before sending
 *       the next request, each with its own {@code X-User-Id}; how many are active follows the
 *       scenario's shape.</li>
 *   <li>Open loop: requests are due at a target rate whatever the service does, evenly spaced;
 *       at most {@code concurrency} are in flight (one connection each) and the rest wait for a
 *       free connection. Latency runs from when a request was due, not from when it could be
 *       sent, so a slow service shows as the queueing its users would see (coordinated omission
 *       corrected, as wrk2 does).</li>
 * </ul>
 */
public final class Loadgen {

    /**
     * What to run.
     *
     * @param base                  the service, e.g. {@code http://127.0.0.1:8080}
     * @param scenario              the shape and the request
     * @param concurrency           most users (closed loop) or requests in flight (open loop) at once
     * @param durationS             seconds
     * @param size                  matrix size of matmul requests
     * @param workMs                busy work of each gpu request
     * @param burstCycles           quiet/busy cycles of the burst scenario
     * @param timeout               per-request timeout
     * @param maxRequestsPerConnection requests before a connection is replaced (0: never)
     * @param userRps               open loop: requests per second of one user, for {@code X-User-Id}s
     * @param path                  a request path and query to send instead of the scenario's, or {@code null}
     * @param thinkMs               closed loop: a user's pause between an answer and its next request
     */
    public record Plan(URI base, Scenario scenario, int concurrency, int durationS, int size, int workMs,
                       int burstCycles, Duration timeout, int maxRequestsPerConnection, double userRps, String path,
                       int thinkMs) {

        /** A plan without think time. */
        public Plan(URI base, Scenario scenario, int concurrency, int durationS, int size, int workMs,
                    int burstCycles, Duration timeout, int maxRequestsPerConnection, double userRps, String path) {
            this(base, scenario, concurrency, durationS, size, workMs, burstCycles, timeout, maxRequestsPerConnection,
                    userRps, path, 0);
        }
    }

    private Loadgen() {
    }

    /** The request a scenario sends. */
    static URI request(Plan plan) {
        if (plan.path() != null) {
            return plan.base().resolve(plan.path());
        }
        String path = switch (plan.scenario()) {
            case GPU -> "/api/work?ms=" + plan.workMs() + "&device=auto";
            default -> "/api/matmul?size=" + plan.size() + "&device=auto";
        };
        return plan.base().resolve(path);
    }

    /** Runs the plan closed-loop, printing a progress line each second to {@code progress}. */
    public static Stats run(Plan plan, PrintWriter progress) throws InterruptedException {
        return run(plan, progress, s -> { });
    }

    /** As {@link #run(Plan, PrintWriter)}, handing the live statistics to {@code started} first. */
    public static Stats run(Plan plan, PrintWriter progress, Consumer<Stats> started) throws InterruptedException {
        Stats stats = new Stats();
        started.accept(stats);
        AtomicInteger active = new AtomicInteger(plan.scenario().activeUsers(0, plan.durationS(), plan.concurrency(),
                plan.burstCycles()));
        long start = System.nanoTime();
        long end = start + plan.durationS() * 1_000_000_000L;
        URI uri = request(plan);
        try (Http http = new Http(plan.maxRequestsPerConnection(), plan.timeout())) {
            CountDownLatch finished = new CountDownLatch(plan.concurrency());
            for (int u = 0; u < plan.concurrency(); u++) {
                user(http, http.client(1), uri, u, active, end, plan.thinkMs(), stats, finished);
            }
            for (int second = 1; second <= plan.durationS(); second++) {
                sleepUntil(start + second * 1_000_000_000L);
                Stats.Second s = stats.tick(second, active.get(), null);
                print(progress, s, stats);
                active.set(plan.scenario().activeUsers(second, plan.durationS(), plan.concurrency(),
                        plan.burstCycles()));
            }
            finished.await(plan.timeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
        }
        stats.finish();
        return stats;
    }

    /** One user's loop, as callbacks: send, wait for the answer, record it, send again until the end. */
    private static void user(Http http, Http.Client client, URI uri, int id, AtomicInteger active, long end,
                             int thinkMs, Stats stats, CountDownLatch finished) {
        long t0 = System.nanoTime();
        if (t0 >= end) {
            finished.countDown();
            return;
        }
        if (id >= active.get()) {
            http.later(50, () -> user(http, client, uri, id, active, end, thinkMs, stats, finished)); // not its turn
            return;
        }
        client.get(uri, "loadgen-user-" + id, o -> {
            record(stats, o, t0);
            boolean refused = o.error() != null && !o.error().equals("timeout");
            long pause = Math.max(thinkMs, refused ? 100 : 0); // no busy loop on refusals
            if (pause > 0) {
                http.later(pause, () -> user(http, client, uri, id, active, end, thinkMs, stats, finished));
            } else {
                user(http, client, uri, id, active, end, thinkMs, stats, finished);
            }
        });
    }

    /**
     * Runs open-loop at {@code rateAt(t)} requests per second, {@code t} seconds into the run,
     * printing a progress line each second.
     */
    public static Stats runOpen(Plan plan, DoubleUnaryOperator rateAt, PrintWriter progress)
            throws InterruptedException {
        return runOpen(plan, rateAt, progress, s -> { });
    }

    /** As {@link #runOpen(Plan, DoubleUnaryOperator, PrintWriter)}, handing the live statistics to {@code started} first. */
    public static Stats runOpen(Plan plan, DoubleUnaryOperator rateAt, PrintWriter progress, Consumer<Stats> started)
            throws InterruptedException {
        Stats stats = new Stats();
        started.accept(stats);
        URI uri = request(plan);
        long start = System.nanoTime();
        long backlogLimit = plan.concurrency() * 1000L;
        AtomicLong outstanding = new AtomicLong();
        try (Http http = new Http(plan.maxRequestsPerConnection(), plan.timeout())) {
            Http.Client client = http.client(plan.concurrency());
            Thread scheduler = Thread.ofPlatform().name("loadgen-schedule").daemon().start(() -> {
                double t = 0;
                long k = 0;
                while (t < plan.durationS() && !Thread.currentThread().isInterrupted()) {
                    double rate = rateAt.applyAsDouble(t);
                    if (!(rate > 0)) {
                        t = Math.floor(t) + 1; // nothing due this second
                        continue;
                    }
                    long due = start + (long) (t * 1e9);
                    sleepUntil(due);
                    int users = Math.max(1, (int) Math.ceil(rate / plan.userRps()));
                    if (outstanding.get() >= backlogLimit) {
                        stats.failure("client-backlog"); // the service fell so far behind that loadgen stops queueing
                    } else {
                        outstanding.incrementAndGet();
                        client.get(uri, "loadgen-user-" + (k++ % users), o -> {
                            record(stats, o, due); // from when it was due, however long it waited for a connection
                            outstanding.decrementAndGet();
                        });
                    }
                    t += 1 / rate;
                }
            });
            for (int second = 1; second <= plan.durationS(); second++) {
                sleepUntil(start + second * 1_000_000_000L);
                double rate = rateAt.applyAsDouble(second - 1);
                Stats.Second s = stats.tick(second, Math.max(1, (int) Math.ceil(rate / plan.userRps())), rate);
                print(progress, s, stats);
            }
            scheduler.join();
            long giveUp = System.nanoTime() + plan.timeout().toNanos() + 5_000_000_000L;
            while (outstanding.get() > 0 && System.nanoTime() < giveUp) {
                Thread.sleep(10); // requests still queued or in flight finish or time out
            }
        }
        stats.finish();
        return stats;
    }

    private static void record(Stats stats, Http.Outcome o, long fromNanos) {
        if (o.ok()) {
            stats.success((System.nanoTime() - fromNanos) / 1000);
        } else {
            stats.failure(o.kind());
        }
    }

    private static void print(PrintWriter progress, Stats.Second s, Stats stats) {
        String target = s.targetRps() == null ? "" : String.format(Locale.ROOT, " (target %.1f)", s.targetRps());
        progress.printf(Locale.ROOT, "%4ds  users %4d  %7.1f req/s%s  p50 %7.1f  p95 %7.1f  p99 %7.1f ms  errors %s%n",
                s.second(), s.users(), (double) s.ok(), target, s.p50Ms(), s.p95Ms(), s.p99Ms(),
                stats.errorsByKind().isEmpty() ? "0" : stats.errorsByKind());
        progress.flush();
    }

    private static void sleepUntil(long nanos) {
        long left;
        while ((left = nanos - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(left);
        }
    }
}
