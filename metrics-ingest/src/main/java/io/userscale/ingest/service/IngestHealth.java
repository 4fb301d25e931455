package io.userscale.ingest.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while rounds keep finishing: the last one within three intervals. */
@Readiness
@ApplicationScoped
public class IngestHealth implements HealthCheck {

    @Inject
    IngestService service;

    @Override
    public HealthCheckResponse call() {
        Instant last = service.lastRound();
        boolean ok = last != null && Duration.between(last, Instant.now())
                .compareTo(service.interval().multipliedBy(3)) <= 0;
        return HealthCheckResponse.named("ingest-rounds").status(ok)
                .withData("lastRound", last == null ? "none yet" : last.toString()).build();
    }
}
