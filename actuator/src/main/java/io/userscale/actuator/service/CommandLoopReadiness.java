package io.userscale.actuator.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the results are read back and commands are handled, until the stream stops; says
 * where it is ({@code phase}), how many results it published and what last failed.
 */
@Readiness
@ApplicationScoped
public class CommandLoopReadiness implements HealthCheck {

    @Inject
    ActuatorService service;

    @Override
    public HealthCheckResponse call() {
        CommandStream stream = service.stream();
        var response = HealthCheckResponse.named("command-loop")
                .status(stream != null && stream.alive() && stream.restored())
                .withData("backend", service.backendName());
        if (stream != null) {
            response.withData("phase", stream.phase().name()).withData("results", stream.results());
            stream.lastError().ifPresent(e -> response.withData("lastError", e));
        }
        return response.build();
    }
}
