package io.userscale.ingest.scrape;

import io.userscale.ingest.expo.Exposition;
import io.userscale.ingest.expo.Format;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Fetches and parses metrics endpoints: each with a timeout and a response-size limit, many at
 * once (each scrape on a virtual thread). A scrape never throws: it ends as a parsed exposition
 * or as a failure saying why (timeout, HTTP status, too large, refused).
 */
public final class Scraper implements AutoCloseable {

    /**
     * How a scrape ended.
     *
     * @param exposition the parsed metrics, or {@code null} when it failed
     * @param error      why it failed, or {@code null}
     * @param millis     how long it took
     */
    public record Result(Exposition exposition, String error, double millis) {

        public boolean ok() {
            return exposition != null;
        }
    }

    private static final String ACCEPT = "application/openmetrics-text;version=1.0.0;q=0.5,"
            + "text/plain;version=0.0.4;q=0.4,*/*;q=0.1";

    private final HttpClient client;
    private final Executor executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Duration timeout;
    private final int maxBytes;
    private final java.util.concurrent.Semaphore permits;

    public Scraper(Duration timeout, int maxBytes) {
        this(timeout, maxBytes, Integer.MAX_VALUE);
    }

    /** As above, with at most {@code maxConcurrent} scrapes in flight at once (the rest wait their turn). */
    public Scraper(Duration timeout, int maxBytes, int maxConcurrent) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("at most " + maxConcurrent + " scrapes at once: must be 1 or more");
        }
        this.permits = new java.util.concurrent.Semaphore(maxConcurrent);
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1)
                .executor(executor).build();
    }

    /** Scrapes {@code url} in the background. */
    public CompletableFuture<Result> scrape(URI url) {
        return CompletableFuture.supplyAsync(() -> {
            permits.acquireUninterruptibly();
            try {
                return scrapeNow(url);
            } finally {
                permits.release();
            }
        }, executor);
    }

    /** Scrapes {@code url} on the calling thread. */
    public Result scrapeNow(URI url) {
        long t0 = System.nanoTime();
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", ACCEPT).GET().build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    return fail("HTTP " + response.statusCode(), t0);
                }
                byte[] bytes = body.readNBytes(maxBytes + 1);
                if (bytes.length > maxBytes) {
                    return fail("response larger than " + maxBytes + " bytes", t0);
                }
                Format format = Format.fromContentType(response.headers().firstValue("Content-Type").orElse(null));
                return new Result(Exposition.parse(bytes, format, maxBytes), null, ms(t0));
            }
        } catch (HttpTimeoutException e) {
            return fail("timed out after " + timeout.toMillis() + " ms", t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted", t0);
        } catch (IOException | IllegalArgumentException e) {
            return fail(describe(e, url), t0);
        }
    }

    /** What went wrong, in words: the JDK's connection errors often carry no message at all. */
    static String describe(Exception e, URI uri) {
        String where = uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme())
                ? 443 : 80);
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.net.ConnectException) {
                return "connection refused: nothing is listening on " + where;
            }
            if (c instanceof java.net.UnknownHostException) {
                return "unknown host " + uri.getHost();
            }
        }
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static Result fail(String why, long t0) {
        return new Result(null, why, ms(t0));
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    @Override
    public void close() {
        client.close();
    }
}
