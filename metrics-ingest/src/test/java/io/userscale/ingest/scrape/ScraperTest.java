package io.userscale.ingest.scrape;

import static io.userscale.ingest.HttpAnswers.answer;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScraperTest {

    HttpServer server;
    final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger mostInFlight = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/good", ex -> answer(ex, 200, "# TYPE up gauge\nup 1\nbroken{ 3\n"));
        server.createContext("/error", ex -> answer(ex, 503, null));
        server.createContext("/slow", ex -> {
            pause(2000);
            answer(ex, 200, null);
        });
        server.createContext("/counted", ex -> {
            int now = inFlight.incrementAndGet();
            mostInFlight.accumulateAndGet(now, Math::max);
            pause(100);
            inFlight.decrementAndGet();
            answer(ex, 200, "up 1\n");
        });
        server.createContext("/huge", ex -> answer(ex, 200, "x_total 1\n".repeat(20_000)));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void aGoodEndpointParsesAndBadLinesAreCountedNotThrown() {
        try (Scraper s = new Scraper(Duration.ofSeconds(1), 1 << 20)) {
            Scraper.Result r = s.scrapeNow(url("/good"));
            assertThat(r.ok()).isTrue();
            assertThat(r.exposition().samples()).hasSize(1);
            assertThat(r.exposition().skipped()).hasSize(1);
        }
    }

    @Test
    void failuresSayWhyAndNeverThrow() {
        try (Scraper s = new Scraper(Duration.ofMillis(300), 100_000)) {
            assertThat(s.scrapeNow(url("/error")).error()).isEqualTo("HTTP 503");
            assertThat(s.scrapeNow(url("/slow")).error()).startsWith("timed out after 300 ms");
            assertThat(s.scrapeNow(url("/huge")).error()).isEqualTo("response larger than 100000 bytes");
            assertThat(s.scrapeNow(URI.create("http://127.0.0.1:1/metrics")).error())
                    .isEqualTo("connection refused: nothing is listening on 127.0.0.1:1");
        }
    }

    @Test
    void scrapesInFlightNeverExceedTheBoundAndAllComplete() {
        try (Scraper s = new Scraper(Duration.ofSeconds(5), 1 << 20, 3)) {
            var results = java.util.stream.IntStream.range(0, 12).mapToObj(i -> s.scrape(url("/counted"))).toList()
                    .stream().map(java.util.concurrent.CompletableFuture::join).toList();
            assertThat(results).allMatch(Scraper.Result::ok);
        }
        assertThat(mostInFlight.get()).isBetween(1, 3);
    }
}
