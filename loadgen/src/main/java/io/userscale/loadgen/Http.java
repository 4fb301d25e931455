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
 * loadgen's HTTP/1.1 clients: Vert.x's non-blocking client, on one set of event loops. A
 * {@link Client} is a pool of keep-alive connections; every {@code maxRequestsPerConnection}-th
 * request of a client asks the server to close its connection afterwards
 * ({@code Connection: close}), so connections are replaced at that pace and replicas that joined
 * behind the same address (SO_REUSEPORT, a Service) get their share of the new ones. Closed-loop
 * users each have a client of one connection, as a browser keeps one to a site: a user stays on
 * one replica until its connection is replaced.
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
    private final int maxRequestsPerConnection;
    private final long timeoutMs;
    private final java.util.List<Client> clients = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A pool of keep-alive connections. */
    final class Client {
        private final HttpClient client;
        private final AtomicLong sent = new AtomicLong();

        private Client(int connections) {
            this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false)
                            .setConnectTimeout(5000).setTcpNoDelay(true),
                    new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
        }

        /** Sends a GET; {@code done} is told how it ended, on a Vert.x event loop. */
        void get(URI uri, String user, Consumer<Outcome> done) {
            Http.this.get(client, sent, uri, user, done);
        }
    }

    Http(int maxRequestsPerConnection, Duration timeout) {
        // one event loop per two cores: a load generator shares its machine with what it measures
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2))));
        this.maxRequestsPerConnection = maxRequestsPerConnection;
        this.timeoutMs = timeout.toMillis();
    }

    /** A new client of at most {@code connections} connections. */
    Client client(int connections) {
        Client c = new Client(connections);
        clients.add(c);
        return c;
    }

    private void get(HttpClient client, AtomicLong sent, URI uri, String user, Consumer<Outcome> done) {
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
            for (Client c : clients) {
                c.client.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing is best effort: the run's results are already in
        }
    }
}
