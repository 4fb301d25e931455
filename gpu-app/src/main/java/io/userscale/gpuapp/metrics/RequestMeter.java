package io.userscale.gpuapp.metrics;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/** Meters every API request: the user, in-flight count, latency and count. */
@Provider
public class RequestMeter implements ContainerRequestFilter, ContainerResponseFilter {

    static final String STARTED = "userscale.started";
    static final String USER = "userscale.user";

    @Inject
    ScalingMetrics metrics;

    @Context
    HttpServerRequest http;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return;
        }
        String user = request.getHeaderString("X-User-Id");
        if (user == null && http != null && http.remoteAddress() != null) {
            user = http.remoteAddress().hostAddress();
        }
        request.setProperty(STARTED, System.nanoTime());
        request.setProperty(USER, user);
        metrics.begin(user);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object started = request.getProperty(STARTED);
        if (started instanceof Long t0) {
            metrics.end((String) request.getProperty(USER), (System.nanoTime() - t0) / 1e6);
        }
    }
}
