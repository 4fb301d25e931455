package io.userscale.ingest;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two pods' metrics endpoints on a real HTTP server: {@code /ok} serves gpu-app's exposition with
 * a requests counter that grows by 10 per scrape; {@code /broken} answers 500. The test's static
 * target scrapes both.
 */
public final class FakePods implements QuarkusTestResourceLifecycleManager {

    static final AtomicInteger SCRAPES = new AtomicInteger();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        String fixture;
        try (InputStream in = FakePods.class.getResourceAsStream(
                "/io/userscale/ingest/expo/ExpositionFuzzTestInputs/anyBytesParseWithEveryLineAccountedFor/gpu-app-micrometer.prom")) {
            fixture = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = fixture;
        server.createContext("/ok", ex -> {
            int n = SCRAPES.incrementAndGet();
            String body = text.replace("userscale_requests_total{uri=\"/api/matmul\",} 20.0",
                    "userscale_requests_total{uri=\"/api/matmul\",} " + (20 + 10 * n) + ".0");
            ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            HttpAnswers.answer(ex, 200, body);
        });
        server.createContext("/broken", ex -> HttpAnswers.answer(ex, 500, null));
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of(
                "userscale.ingest.interval", "1s",
                "userscale.ingest.scrape-timeout", "500ms",
                "userscale.ingest.targets.\"shop/gpu-app\".discovery", "static",
                "userscale.ingest.targets.\"shop/gpu-app\".pods", base + "/ok," + base + "/broken");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
