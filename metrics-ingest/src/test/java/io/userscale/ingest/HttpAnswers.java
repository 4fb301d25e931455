package io.userscale.ingest;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** What the tests' HTTP servers, standing in for pods and exporters, answer a scrape with. */
public final class HttpAnswers {

    private HttpAnswers() {
    }

    /** Answers {@code status} with {@code body} in UTF-8, or with no body where it is null, and closes the exchange. */
    public static void answer(HttpExchange ex, int status, String body) throws IOException {
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
        } else {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
        }
        ex.close();
    }
}
