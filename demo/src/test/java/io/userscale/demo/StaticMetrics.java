package io.userscale.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A pod or exporter as a scraper sees it: {@code /metrics} on 127.0.0.1 answering one fixed exposition. */
final class StaticMetrics {

    private StaticMetrics() {
    }

    /** Starts the server on a free port; stop it with {@code stop(0)}. */
    static HttpServer serve(String exposition) throws IOException {
        byte[] body = exposition.getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", ex -> {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        return server;
    }
}
