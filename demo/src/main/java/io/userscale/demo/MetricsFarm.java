package io.userscale.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * Many pods' metrics endpoints in one process, for benchmarking the pipeline at scale: target
 * {@code i}'s pod {@code j} answers on {@code /t/i/j} with gpu-app's exposition (users, CPU, in
 * flight, requests and the latency histogram). Each target's request rate follows its own daily-like
 * wave — its own level, period and phase, seeded — and counters are the exact integrals of the
 * rate, so every scrape reads consistent deltas whenever it comes.
 */
final class MetricsFarm implements AutoCloseable {

    /** Latency histogram bounds, ms, and the share of requests at or below each. */
    private static final double[] BOUNDS = {50, 100, 200, 500};
    private static final double[] SHARES = {0.5, 0.8, 0.95, 0.995};
    private static final double MEAN_LATENCY_MS = 80;

    private final HttpServer server;
    private final ExecutorService workers;
    private final int targets;
    private final int podsPerTarget;
    private final double[] level;
    private final double[] periodS;
    private final double[] phase;
    private final long startNanos = System.nanoTime();
    private final LongAdder scrapes = new LongAdder();

    /** Serves {@code targets × podsPerTarget} endpoints on a free port of 127.0.0.1. */
    MetricsFarm(int targets, int podsPerTarget, long seed) throws IOException {
        this.targets = targets;
        this.podsPerTarget = podsPerTarget;
        this.level = new double[targets];
        this.periodS = new double[targets];
        this.phase = new double[targets];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < targets; i++) {
            // requests per second per pod on average: 10–50 % busy, so most decisions keep the replicas
            level[i] = 5 + 20 * random.nextDouble();
            periodS[i] = 120 + 480 * random.nextDouble();
            phase[i] = 2 * Math.PI * random.nextDouble();
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4096);
        workers = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(workers);
        server.createContext("/t/", this::serve);
        server.start();
    }

    /** The metrics URLs of target {@code i}'s pods. */
    List<String> podUrls(int i) {
        List<String> urls = new ArrayList<>(podsPerTarget);
        for (int j = 0; j < podsPerTarget; j++) {
            urls.add("http://127.0.0.1:" + server.getAddress().getPort() + "/t/" + i + "/" + j);
        }
        return urls;
    }

    /** Scrapes answered so far. */
    long scrapes() {
        return scrapes.sum();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] parts = exchange.getRequestURI().getPath().split("/");
            int i;
            int j;
            try {
                i = Integer.parseInt(parts[2]);
                j = Integer.parseInt(parts[3]);
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (i < 0 || i >= targets || j < 0 || j >= podsPerTarget) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = exposition(i, (System.nanoTime() - startNanos) / 1e9).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            scrapes.increment();
        }
    }

    /** Requests per second of one pod of target {@code i} at {@code t} s. */
    double rate(int i, double t) {
        return level[i] * (1 + 0.6 * Math.sin(2 * Math.PI * t / periodS[i] + phase[i]));
    }

    /** Requests one pod of target {@code i} has served by {@code t} s: the integral of {@link #rate}. */
    double served(int i, double t) {
        double w = 2 * Math.PI / periodS[i];
        return level[i] * (t - 0.6 / w * (Math.cos(w * t + phase[i]) - Math.cos(phase[i])));
    }

    String exposition(int i, double t) {
        double rps = rate(i, t);
        double requests = Math.floor(served(i, t));
        double users = rps / 2; // each user sends a request every half second
        double busy = Math.min(100, rps * MEAN_LATENCY_MS / 1000 / 4 * 100); // four slots a pod
        StringBuilder sb = new StringBuilder(900);
        sb.append("# TYPE userscale_active_users gauge\n");
        sb.append("userscale_active_users ").append(format(users)).append('\n');
        sb.append("# TYPE userscale_cpu_percent gauge\n");
        sb.append("userscale_cpu_percent ").append(format(busy)).append('\n');
        sb.append("# TYPE userscale_inflight_requests gauge\n");
        sb.append("userscale_inflight_requests ").append(format(rps * MEAN_LATENCY_MS / 1000)).append('\n');
        sb.append("# TYPE userscale_requests_total counter\n");
        sb.append("userscale_requests_total ").append(format(requests)).append('\n');
        sb.append("# TYPE userscale_latency_ms histogram\n");
        for (int b = 0; b < BOUNDS.length; b++) {
            sb.append("userscale_latency_ms_bucket{le=\"").append(format(BOUNDS[b])).append("\"} ")
                    .append(format(Math.floor(requests * SHARES[b]))).append('\n');
        }
        sb.append("userscale_latency_ms_bucket{le=\"+Inf\"} ").append(format(requests)).append('\n');
        sb.append("userscale_latency_ms_count ").append(format(requests)).append('\n');
        sb.append("userscale_latency_ms_sum ").append(format(requests * MEAN_LATENCY_MS)).append('\n');
        return sb.toString();
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
