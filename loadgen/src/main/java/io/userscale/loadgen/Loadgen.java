package io.userscale.loadgen;

import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closed-loop load: up to {@code concurrency} users, each waiting for its answer before sending
 * the next request, each with its own {@code X-User-Id}; how many are active follows the
 * scenario's shape over time. Users are virtual threads; connections are reused.
 */
public final class Loadgen {

    /**
     * What to run.
     *
     * @param base        the service, e.g. {@code http://127.0.0.1:8080}
     * @param scenario    the shape and the request
     * @param concurrency most users at once
     * @param durationS   seconds
     * @param size        matrix size of matmul requests
     * @param workMs      busy work of each gpu request
     * @param burstCycles quiet/busy cycles of the burst scenario
     * @param timeout     per-request timeout
     */
    public record Plan(URI base, Scenario scenario, int concurrency, int durationS, int size, int workMs,
                       int burstCycles, Duration timeout) {
    }

    private Loadgen() {
    }

    /** The request a scenario sends. */
    static URI request(Plan plan) {
        String path = switch (plan.scenario()) {
            case GPU -> "/api/work?ms=" + plan.workMs() + "&device=auto";
            default -> "/api/matmul?size=" + plan.size() + "&device=auto";
        };
        return plan.base().resolve(path);
    }

    /** Runs the plan, printing a progress line each second to {@code progress}. */
    public static Stats run(Plan plan, PrintWriter progress) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build();
        Stats stats = new Stats();
        AtomicInteger active = new AtomicInteger(plan.scenario().activeUsers(0, plan.durationS(), plan.concurrency(),
                plan.burstCycles()));
        long start = System.nanoTime();
        long end = start + plan.durationS() * 1_000_000_000L;
        URI uri = request(plan);
        try (var users = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int u = 0; u < plan.concurrency(); u++) {
                int id = u;
                users.submit(() -> user(client, uri, id, active, end, plan.timeout(), stats));
            }
            for (int second = 1; second <= plan.durationS(); second++) {
                long wake = start + second * 1_000_000_000L;
                Thread.sleep(Math.max(0, (wake - System.nanoTime()) / 1_000_000));
                Stats.Second s = stats.tick(second, active.get());
                progress.printf(Locale.ROOT, "%4ds  users %4d  %7.1f req/s  p50 %7.1f  p95 %7.1f  p99 %7.1f ms  errors %s%n",
                        second, s.users(), (double) s.ok(), s.p50Ms(), s.p95Ms(), s.p99Ms(),
                        stats.errorsByKind().isEmpty() ? "0" : stats.errorsByKind());
                progress.flush();
                active.set(plan.scenario().activeUsers(second, plan.durationS(), plan.concurrency(),
                        plan.burstCycles()));
            }
        }
        client.close();
        return stats;
    }

    private static void user(HttpClient client, URI uri, int id, AtomicInteger active, long end, Duration timeout,
                             Stats stats) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("X-User-Id", "loadgen-user-" + id)
                .GET().build();
        while (System.nanoTime() < end) {
            if (id >= active.get()) {
                sleep(50); // not this user's turn in the scenario's shape
                continue;
            }
            long t0 = System.nanoTime();
            try {
                HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 == 2) {
                    stats.success((System.nanoTime() - t0) / 1000);
                } else {
                    stats.failure("http-" + r.statusCode());
                }
            } catch (HttpTimeoutException e) {
                stats.failure("timeout");
            } catch (ConnectException e) {
                stats.failure("connect");
                sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                stats.failure("io");
                sleep(100);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
