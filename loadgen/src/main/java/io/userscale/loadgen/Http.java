package io.userscale.loadgen;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * loadgen's HTTP/1.1 client: Vert.x's non-blocking client over a pool of at most
 * {@code connections} keep-alive connections. Every {@code maxRequestsPerConnection}-th request
 * asks the server to close its connection afterwards ({@code Connection: close}), so connections
 * are replaced at that pace and replicas that joined behind the same address (SO_REUSEPORT, a
 * Service) get their share of the new ones.
 */
final class Http implements AutoCloseable {

    /**
     * How a request ended.
     *
     * @param status the HTTP status, or 0 when it failed before one arrived
     * @param error  the failure's kind ({@code timeout}, {@code connect}, {@code io}), or {@code null}
     */
    record Outcome(int status, String error) {

        boolean ok() {
            return status / 100 == 2;
        }

        /** The error kind to count: {@code http-503}, {@code timeout}, ... */
        String kind() {
            return error != null ? error : "http-" + status;
        }
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final int maxRequestsPerConnection;
    private final long timeoutMs;
    private final AtomicLong sent = new AtomicLong();

    Http(int connections, int maxRequestsPerConnection, Duration timeout) {
        // one event loop per two cores: a load generator shares its machine with what it measures
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2))));
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false)
                        .setConnectTimeout(5000).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
        this.maxRequestsPerConnection = maxRequestsPerConnection;
        this.timeoutMs = timeout.toMillis();
    }

    /** Sends a GET; {@code done} is told how it ended, on a Vert.x event loop. */
    void get(URI uri, String user, Consumer<Outcome> done) {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost(uri.getHost())
                .setPort(uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80)
                .setSsl("https".equals(uri.getScheme())).setURI(uri.getRawPath()
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
                .setConnectTimeout(timeoutMs).setIdleTimeout(timeoutMs).putHeader("X-User-Id", user);
        if (maxRequestsPerConnection > 0 && sent.incrementAndGet() % maxRequestsPerConnection == 0) {
            o.putHeader("Connection", "close");
        }
        client.request(o)
                .compose(req -> req.send().compose(resp -> resp.end().map(v -> resp.statusCode())))
                .onComplete(ar -> done.accept(ar.succeeded() ? new Outcome(ar.result(), null)
                        : new Outcome(0, kind(ar.cause()))));
    }

    /** Runs {@code task} after {@code ms} on an event loop. */
    void later(long ms, Runnable task) {
        vertx.setTimer(Math.max(1, ms), id -> task.run());
    }

    static String kind(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException || c.getClass().getSimpleName().contains("Timeout")) {
                return "timeout";
            }
            if (c instanceof ConnectException) {
                return "connect";
            }
        }
        return "io";
    }

    @Override
    public void close() {
        try {
            client.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing is best effort: the run's results are already in
        }
    }
}
