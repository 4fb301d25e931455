package io.userscale.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code userscale loadgen}: load scenarios against gpu-app, with live progress and a report. */
@Command(name = "loadgen", mixinStandardHelpOptions = true, usageHelpWidth = 100, sortOptions = false,
        description = "Closed-loop load against gpu-app: N users, each with its own X-User-Id, each waiting for its "
                + "answer; the scenario shapes how many are active over time.")
public final class LoadgenCommand implements Callable<Integer> {

    @Option(names = "--scenario", defaultValue = "intensive_matrix", paramLabel = "NAME",
            description = "intensive_matrix, burst, gpu, ramp or step (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "gpu-app (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--concurrency", defaultValue = "10", description = "Most users at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--duration", defaultValue = "60", description = "Seconds (default: ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--size", defaultValue = "512", description = "Matrix size of matmul requests (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--work-ms", defaultValue = "1000", description = "Busy work per gpu request, ms (default: ${DEFAULT-VALUE}).")
    int workMs;

    @Option(names = "--burst-cycles", defaultValue = "4", description = "Quiet/busy cycles of burst (default: ${DEFAULT-VALUE}).")
    int burstCycles;

    @Option(names = "--timeout", defaultValue = "30", description = "Per-request timeout, s (default: ${DEFAULT-VALUE}).")
    int timeoutS;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Write the report, with a per-second timeline, as JSON.")
    Path report;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LoadgenCommand());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("userscale loadgen: " + e.getMessage());
            return 1;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("userscale loadgen: " + e.getMessage());
            e.getCommandLine().getErr().println("Try: ./userscale loadgen --help");
            return 2;
        });
        return cli;
    }

    @Override
    public Integer call() throws Exception {
        Scenario s;
        try {
            s = Scenario.parse(scenario);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--scenario: " + e.getMessage());
        }
        if (s == Scenario.TRACE) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--scenario trace replays a rate open-loop, which this version does not do yet");
        }
        positive("--duration", duration);
        positive("--concurrency", concurrency);
        positive("--size", size);
        positive("--work-ms", workMs);
        positive("--burst-cycles", burstCycles);
        positive("--timeout", timeoutS);
        URI base;
        try {
            base = URI.create(url.endsWith("/") ? url : url + "/");
            if (base.getHost() == null || !base.getScheme().startsWith("http")) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--url: " + url + " is " + e.getMessage());
        }
        reachable(base);

        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        var plan = new Loadgen.Plan(base, s, concurrency, duration, size, workMs, burstCycles,
                Duration.ofSeconds(timeoutS));
        err.printf("loadgen: %s, %d users, %d s against %s%n", s.cliName(), concurrency, duration, Loadgen.request(plan));
        Stats stats = Loadgen.run(plan, err);

        long errors = stats.errorsByKind().values().stream().mapToLong(Long::longValue).sum();
        out.printf(Locale.ROOT, "requests %d ok, %d failed %s; %.1f req/s%n", stats.successes(), errors,
                stats.errorsByKind(), stats.successes() / (double) duration);
        out.printf(Locale.ROOT, "latency ms  p50 %.1f  p90 %.1f  p95 %.1f  p99 %.1f  max %.1f%n", stats.percentileMs(50),
                stats.percentileMs(90), stats.percentileMs(95), stats.percentileMs(99), stats.percentileMs(100));
        if (report != null) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("scenario", s.cliName());
            doc.put("url", Loadgen.request(plan).toString());
            doc.put("concurrency", concurrency);
            doc.put("durationSeconds", duration);
            doc.put("requests", stats.successes());
            doc.put("errors", stats.errorsByKind());
            doc.put("requestsPerSecond", stats.successes() / (double) duration);
            Map<String, Double> p = new LinkedHashMap<>();
            for (double q : new double[] {50, 90, 95, 99, 99.9, 100}) {
                p.put("p" + (q == Math.rint(q) ? Integer.toString((int) q) : Double.toString(q)), stats.percentileMs(q));
            }
            doc.put("latencyMs", p);
            doc.put("timeline", stats.timeline());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), doc);
            out.println("wrote " + report);
        }
        return errors > 0 && stats.successes() == 0 ? 1 : 0;
    }

    private void positive(String option, int value) {
        if (value <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be positive, got " + value);
        }
    }

    private static void reachable(URI base) {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
            client.send(HttpRequest.newBuilder(base.resolve("api/info")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (Exception e) {
            throw new IllegalStateException("cannot reach " + base + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); is gpu-app running? ./userscale app");
        }
    }
}
