package io.userscale.gpuapp.metrics;

import io.quarkus.vertx.http.ManagementInterface;
import io.userscale.gpuapp.GpuAppConfig;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Faults of the metrics endpoint on demand, for fault-injection runs: with
 * {@code gpuapp.fault-dir} set, a file {@code all} (every replica) or {@code <pid>} (this one)
 * there saying {@code hang} holds {@code /q/metrics} answers until it says otherwise, and
 * {@code garbage} answers bytes that are not the exposition format. The files are read on each
 * scrape, so a fault starts and ends without a restart; without the setting nothing is added.
 */
@ApplicationScoped
public class MetricsFault {

    private static final Logger LOG = Logger.getLogger(MetricsFault.class);
    private static final long RECHECK_MS = 250;
    public static final String GARBAGE = "garbage {{{ not the exposition format\u0000\uFFFD\nrequests_total{ 12 ;\n";

    @Inject
    GpuAppConfig config;

    void onManagement(@Observes ManagementInterface management) {
        config.faultDir().ifPresent(dir -> {
            management.router().route("/q/metrics").order(-1000).handler(ctx -> serve(ctx, dir));
            LOG.infof("metrics faults on demand from %s", dir);
        });
    }

    private void serve(RoutingContext ctx, Path dir) {
        switch (mode(dir)) {
            case "hang" -> ctx.vertx().setTimer(RECHECK_MS, id -> {
                if (!ctx.response().closed() && !ctx.response().ended()) {
                    serve(ctx, dir);
                }
            });
            case "garbage" -> ctx.response().putHeader("content-type", "text/plain; version=0.0.4").end(GARBAGE);
            default -> ctx.next();
        }
    }

    /** What the fault files say for this process: "hang", "garbage" or "" (none). */
    static String mode(Path dir) {
        for (String name : new String[] {Long.toString(ProcessHandle.current().pid()), "all"}) {
            Path f = dir.resolve(name);
            try {
                if (Files.isRegularFile(f)) {
                    String mode = Files.readString(f, StandardCharsets.UTF_8).strip();
                    if (!mode.isEmpty()) {
                        return mode;
                    }
                }
            } catch (IOException e) {
                // a file being rewritten: no fault this time
            }
        }
        return "";
    }
}
