package io.userscale.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.userscale.kafka.contract.RateTrace;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.DoubleUnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code userscale loadgen}: load scenarios against gpu-app, with live progress and a report. */
@Command(name = "loadgen", mixinStandardHelpOptions = true, usageHelpWidth = 100, sortOptions = false,
        description = {"Load against gpu-app.",
                "Closed loop (default): --concurrency users, each with its own X-User-Id, each waiting for its answer; "
                        + "the scenario shapes how many are active over time.",
                "Open loop (--rate, or --scenario trace): requests due at a target rate whatever the service does, "
                        + "at most --concurrency in flight; latency counts from when each request was due "
                        + "(coordinated omission corrected)."})
public final class LoadgenCommand implements Callable<Integer> {

    @Option(names = "--scenario", defaultValue = "intensive_matrix", paramLabel = "NAME",
            description = "intensive_matrix, burst, gpu, ramp, step or trace (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "gpu-app (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--concurrency", description = "Most users at once (closed loop, default 10), or most requests "
            + "in flight (open loop, default 100).")
    Integer concurrency;

    @Option(names = "--duration", description = "Seconds (default: 60, or the whole trace).")
    Integer duration;

    @Option(names = "--think-ms", defaultValue = "0", paramLabel = "MS", description = "Closed loop: each user's "
            + "pause between an answer and its next request (default: ${DEFAULT-VALUE}).")
    int thinkMs;

    @Option(names = "--rate", paramLabel = "REQ/S", description = "Run open-loop at this rate, shaped by the scenario "
            + "(the busy share of its users).")
    Double rate;

    @Option(names = "--trace", paramLabel = "FILE.csv", description = "The t_seconds,rate trace --scenario trace "
            + "replays open-loop.")
    Path trace;

    @Option(names = "--time-scale", defaultValue = "1", paramLabel = "X", description = "Trace seconds played per "
            + "second: 60 plays an hour in a minute (default: ${DEFAULT-VALUE}).")
    double timeScale;

    @Option(names = "--peak-rate", paramLabel = "REQ/S", description = "Scale the trace so its peak is this rate "
            + "(default: the trace's own rates).")
    Double peakRate;

    @Option(names = "--user-rps", defaultValue = "1", paramLabel = "REQ/S", description = "Open loop: requests per "
            + "second of one user; the X-User-Ids in use follow the rate (default: ${DEFAULT-VALUE}).")
    double userRps;

    @Option(names = "--max-requests-per-connection", defaultValue = "100", paramLabel = "N", description = "Replace a "
            + "connection after N requests, so replicas that join behind the same address get traffic; 0 keeps "
            + "connections for the whole run (default: ${DEFAULT-VALUE}).")
    int maxRequestsPerConnection;

    @Option(names = "--size", defaultValue = "512", description = "Matrix size of matmul requests (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--work-ms", defaultValue = "1000", description = "Busy work per gpu request, ms (default: ${DEFAULT-VALUE}).")
    int workMs;

    @Option(names = "--burst-cycles", defaultValue = "4", description = "Quiet/busy cycles of burst (default: ${DEFAULT-VALUE}).")
    int burstCycles;

    @Option(names = "--timeout", defaultValue = "30", description = "Per-request timeout, s (default: ${DEFAULT-VALUE}).")
    int timeoutS;

    @Option(names = "--path", paramLabel = "/PATH?QUERY", description = "Send this request instead of the "
            + "scenario's (e.g. /api/info to measure loadgen itself).")
    String path;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Write the report, with a per-second timeline, as JSON.")
    Path report;

    @Option(names = "--chart", paramLabel = "FILE.html", description = "Draw the timeline (rate, latency percentiles, "
            + "errors) as one self-contained HTML page.")
    Path chart;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LoadgenCommand()).setCommandName("userscale loadgen");
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("userscale loadgen: " + e.getMessage());
            return 1;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("userscale loadgen: " + e.getMessage() + " (try ./userscale loadgen --help)");
            return 2;
        });
        return cli;
    }

    private Scenario s;
    private RateTrace rates;
    private boolean open;
    private int seconds;
    private int conc;
    private URI base;

    /** Checks every option, and reads the trace, before any request is sent. */
    public void validate() {
        LoadShape shape = LoadShape.of(spec.commandLine(), scenario, trace, EnumSet.allOf(Scenario.class));
        s = shape.scenario();
        rates = shape.rates();
        open = rates != null || rate != null;
        if (!(timeScale > 0) || !Double.isFinite(timeScale)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--time-scale must be positive, got " + timeScale);
        }
        if (rate != null && !(rate > 0 && Double.isFinite(rate))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be positive, got " + rate);
        }
        if (peakRate != null && !(peakRate > 0 && Double.isFinite(peakRate))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--peak-rate must be positive, got " + peakRate);
        }
        if (!(userRps > 0) || !Double.isFinite(userRps)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--user-rps must be positive, got " + userRps);
        }
        if (thinkMs < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--think-ms must be 0 or more, got " + thinkMs);
        }
        if (maxRequestsPerConnection < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--max-requests-per-connection must be 0 (never replace) or positive, got " + maxRequestsPerConnection);
        }
        seconds = duration != null ? duration
                : rates != null ? (int) Math.ceil(rates.lengthS() / timeScale) : 60;
        conc = concurrency != null ? concurrency : open ? 100 : 10;
        positive("--duration", seconds);
        positive("--concurrency", conc);
        positive("--size", size);
        positive("--work-ms", workMs);
        positive("--burst-cycles", burstCycles);
        positive("--timeout", timeoutS);
        try {
            base = URI.create(url.endsWith("/") ? url : url + "/");
            if (base.getHost() == null || !base.getScheme().startsWith("http")) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--url: " + url + " is " + e.getMessage());
        }
        if (path != null && !path.startsWith("/")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--path must start with /, got '" + path + "'");
        }
    }

    @Override
    public Integer call() throws Exception {
        validate();
        reachable(base);

        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        var plan = new Loadgen.Plan(base, s, conc, seconds, size, workMs, burstCycles, Duration.ofSeconds(timeoutS),
                maxRequestsPerConnection, userRps, path, thinkMs);
        Stats stats;
        if (open) {
            DoubleUnaryOperator rateAt = rateFunction(s, rates, plan);
            err.printf(Locale.ROOT, "loadgen: %s open-loop%s, at most %d in flight, %d s against %s%n", s.cliName(),
                    rates != null ? " from " + rates.name() + (timeScale != 1 ? " at " + timeScale + "x" : "")
                            : String.format(Locale.ROOT, " at up to %.1f req/s", rate),
                    conc, seconds, Loadgen.request(plan));
            stats = Loadgen.runOpen(plan, rateAt, err);
        } else {
            err.printf("loadgen: %s, %d users, %d s against %s%n", s.cliName(), conc, seconds, Loadgen.request(plan));
            stats = Loadgen.run(plan, err);
        }

        long errors = stats.errorsByKind().values().stream().mapToLong(Long::longValue).sum();
        out.printf(Locale.ROOT, "requests %d ok, %d failed %s; %.1f req/s%n", stats.successes(), errors,
                stats.errorsByKind(), stats.successes() / (double) seconds);
        out.printf(Locale.ROOT, "latency ms  p50 %.1f  p90 %.1f  p95 %.1f  p99 %.1f  max %.1f%s%n",
                stats.percentileMs(50), stats.percentileMs(90), stats.percentileMs(95), stats.percentileMs(99),
                stats.percentileMs(100), open ? "  (from when each request was due)" : "");
        if (report != null) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("scenario", s.cliName());
            doc.put("mode", open ? "open" : "closed");
            doc.put("url", Loadgen.request(plan).toString());
            doc.put("concurrency", conc);
            doc.put("durationSeconds", seconds);
            doc.put("requests", stats.successes());
            doc.put("errors", stats.errorsByKind());
            doc.put("requestsPerSecond", stats.successes() / (double) seconds);
            Map<String, Double> p = new LinkedHashMap<>();
            for (double q : new double[] {50, 90, 95, 99, 99.9, 100}) {
                p.put("p" + (q == Math.rint(q) ? Integer.toString((int) q) : Double.toString(q)), stats.percentileMs(q));
            }
            doc.put("latencyMs", p);
            doc.put("timeline", stats.timeline());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), doc);
            out.println("wrote " + report);
        }
        if (chart != null) {
            Files.writeString(chart, chart(s, plan, open, stats));
            out.println("wrote " + chart);
        }
        return errors > 0 && stats.successes() == 0 ? 1 : 0;
    }

    private DoubleUnaryOperator rateFunction(Scenario s, RateTrace rates, Loadgen.Plan plan) {
        if (rates != null) {
            double scale = peakRate == null ? 1 : peakRate / Math.max(1e-9, rates.peak());
            double ts = timeScale;
            return t -> rates.rateAt(t * ts) * scale;
        }
        double r = rate;
        return t -> r * s.activeUsers(t, plan.durationS(), plan.concurrency(), plan.burstCycles())
                / plan.concurrency();
    }

    private static String chart(Scenario s, Loadgen.Plan plan, boolean open, Stats stats) {
        List<Stats.Second> tl = stats.timeline();
        int n = tl.size();
        double[] t = new double[n];
        double[] ok = new double[n];
        double[] failed = new double[n];
        double[] target = new double[n];
        double[] users = new double[n];
        double[] p50 = new double[n];
        double[] p95 = new double[n];
        double[] p99 = new double[n];
        for (int i = 0; i < n; i++) {
            Stats.Second x = tl.get(i);
            t[i] = x.second();
            ok[i] = x.ok();
            failed[i] = x.errors();
            target[i] = x.targetRps() == null ? Double.NaN : x.targetRps();
            users[i] = x.users();
            boolean any = x.ok() > 0;
            p50[i] = any ? x.p50Ms() : Double.NaN;
            p95[i] = any ? x.p95Ms() : Double.NaN;
            p99[i] = any ? x.p99Ms() : Double.NaN;
        }
        var c = TimeChart.PALETTE;
        List<TimeChart.Series> rateLines = new ArrayList<>(List.of(
                TimeChart.Series.line("completed req/s", c.get(0), t, ok),
                TimeChart.Series.line("failed req/s", c.get(1), t, failed)));
        if (open) {
            rateLines.add(new TimeChart.Series("target req/s", c.get(6), t, target, true, false));
        }
        String intro = "<p>" + TimeChart.esc(s.cliName()) + ", " + (open ? "open loop" : "closed loop") + ", "
                + plan.concurrency() + (open ? " in flight at most" : " users at most") + ", " + plan.durationS()
                + " s against <code>" + TimeChart.esc(Loadgen.request(plan).toString()) + "</code>. "
                + String.format(Locale.ROOT, "%d ok, p95 %.1f ms, p99 %.1f ms, errors %s.", stats.successes(),
                stats.percentileMs(95), stats.percentileMs(99), TimeChart.esc(stats.errorsByKind().toString()))
                + "</p>";
        return TimeChart.page("userscale loadgen", intro, List.of(
                new TimeChart.Panel("Requests per second", "req/s", rateLines),
                new TimeChart.Panel("Latency of the requests completed each second" + (open ? " (from when due)" : ""),
                        "ms", List.of(TimeChart.Series.line("p50", c.get(2), t, p50),
                        TimeChart.Series.line("p95", c.get(4), t, p95),
                        TimeChart.Series.line("p99", c.get(3), t, p99))),
                new TimeChart.Panel("Users", "users", List.of(
                        new TimeChart.Series("users", c.get(0), t, users, false, true)))));
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
