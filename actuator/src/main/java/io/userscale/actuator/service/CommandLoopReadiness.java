package io.userscale.actuator.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the thread consuming {@code userscale.commands} runs; says where it is and what last failed. */
@Readiness
@ApplicationScoped
public class CommandLoopReadiness implements HealthCheck {

    @Inject
    ActuatorService service;

    @Override
    public HealthCheckResponse call() {
        CommandLoop loop = service.loop();
        var response = HealthCheckResponse.named("command-loop")
                .status(loop != null && loop.alive())
                .withData("backend", service.backendName());
        if (loop != null) {
            response.withData("phase", loop.phase().name()).withData("results", loop.results());
            loop.lastError().ifPresent(e -> response.withData("lastError", e));
        }
        return response.build();
    }
}
