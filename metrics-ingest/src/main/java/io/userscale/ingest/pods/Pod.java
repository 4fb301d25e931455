package io.userscale.ingest.pods;

import java.net.URI;
import java.time.Instant;

/**
 * A pod to scrape.
 *
 * @param name       its name
 * @param metricsUrl where its Prometheus metrics are served
 * @param ready      whether it is ready to serve
 * @param startedAt  when it started, {@code null} if unknown
 */
public record Pod(String name, URI metricsUrl, boolean ready, Instant startedAt) {
}
