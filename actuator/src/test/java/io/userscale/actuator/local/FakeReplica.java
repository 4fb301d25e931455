package io.userscale.actuator.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * A stand-in for the workload, started by the local backend in tests: serves
 * {@code /q/health/ready} (200 once {@code fake.ready-after-ms} have passed) and {@code /q/metrics}
 * on {@code quarkus.management.port}. With {@code fake.ignore-term=true} it does not stop on
 * SIGTERM, so only SIGKILL ends it.
 */
public final class FakeReplica {

    private FakeReplica() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getProperty(LocalSettings.MANAGEMENT_PORT));
        long readyAt = System.currentTimeMillis() + Long.getLong("fake.ready-after-ms", 0);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        server.createContext("/q/health/ready", exchange -> {
            boolean ready = System.currentTimeMillis() >= readyAt;
            reply(exchange, ready ? 200 : 503, ready ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
        });
        server.createContext("/q/metrics", exchange -> reply(exchange, 200, "userscale_active_users 0\n"));
        server.start();
        System.out.println("fake replica on management port " + port + ", parent "
                + System.getProperty("userscale.parent-pid"));
        if (Boolean.getBoolean("fake.ignore-term")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        Thread.currentThread().join();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
