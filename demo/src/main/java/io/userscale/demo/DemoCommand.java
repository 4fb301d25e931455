package io.userscale.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.userscale.kafka.contract.RateTrace;
import io.userscale.kafka.topic.ClientConfigs;
import io.userscale.loadgen.LoadShape;
import io.userscale.loadgen.Loadgen;
import io.userscale.loadgen.Scenario;
import io.userscale.loadgen.Stats;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleUnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code userscale demo}: the whole loop on this machine. A Kafka broker (or the one given),
 * metrics-ingest, decision-engine and actuator as local services, gpu-app replicas run by the
 * actuator's local backend (one to start), and loadgen driving a scenario; a live line each
 * second, then a summary, an HTML report with charts, and optionally the summary as JSON.
 */
@Command(name = "userscale demo", mixinStandardHelpOptions = true, usageHelpWidth = 100, sortOptions = false,
        description = {"Run the whole autoscaling loop on this machine and watch it scale gpu-app replicas under load.",
                "Starts a Kafka broker (unless --bootstrap), metrics-ingest, decision-engine and actuator (local "
                        + "backend: gpu-app replicas as processes sharing one port), runs loadgen, shows a live view, "
                        + "then prints a summary and writes an HTML report. Ctrl-C stops everything."})
public final class DemoCommand implements Callable<Integer> {

    static final String TARGET = LocalPipeline.TARGET;
    /** The engine's WARMUP_PERIOD in the demo: pods younger than this are left out of the CPU mean. */
    static final int WARMUP_S = 30;

    @Option(names = "--scenario", defaultValue = "burst", paramLabel = "NAME",
            description = "burst, intensive_matrix, gpu or trace (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--duration", defaultValue = "60", description = "Seconds of load (default: ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--settle", defaultValue = "90", description = "Most seconds to watch after the load, until "
            + "replicas are back at the minimum (default: ${DEFAULT-VALUE}).")
    int settle;

    @Option(names = "--concurrency", defaultValue = "30", description = "Users at the peak (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--size", defaultValue = "256", description = "Matrix size per request (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--work-ms", defaultValue = "200", description = "Busy work per request of the gpu scenario, ms "
            + "(default: ${DEFAULT-VALUE}).")
    int workMs;

    @Option(names = "--think-ms", defaultValue = "100", description = "Each user's pause between an answer and its "
            + "next request, ms (default: ${DEFAULT-VALUE}).")
    int thinkMs;

    @Option(names = "--burst-cycles", defaultValue = "1", description = "Quiet/busy cycles of burst (default: ${DEFAULT-VALUE}).")
    int burstCycles;

    @Option(names = "--trace", paramLabel = "FILE.csv", description = "The t_seconds,rate trace of --scenario trace.")
    Path trace;

    @Option(names = "--peak-rate", defaultValue = "150", description = "Peak req/s the trace is scaled to "
            + "(default: ${DEFAULT-VALUE}).")
    double peakRate;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Use this broker (e.g. from ./userscale "
            + "kafka start) and leave the topics there for inspection.")
    String bootstrap;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Where the HTML report goes "
            + "(default: <home>/demo/report.html).")
    Path report;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the summary as JSON.")
    Path json;

    @CommandLine.Mixin
    LoopOptions loop = new LoopOptions(4, 8080);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Cli.run(commandLine(), args);
    }

    public static CommandLine commandLine() {
        return Cli.of(new DemoCommand(), "demo");
    }

    @Override
    public Integer call() throws Exception {
        Scenario s = validate();
        Path root = Path.of(System.getProperty("userscale.root", ".")).toAbsolutePath().normalize();
        Path home = Path.of(System.getProperty("userscale.home", root.resolve(".userscale").toString()));
        Path runDir = home.resolve("demo");
        PrintWriter out = spec.commandLine().getOut();
        try (LocalPipeline pipeline = new LocalPipeline(out, "stopped everything the demo started")) {
            pipeline.start(new LocalPipeline.Settings(root, runDir, bootstrap, loop.port, 1, loop.maxReplicas,
                    loop.interval, "userscale",
                    Map.of("STABILIZATION_WINDOW", "30", "WARMUP_PERIOD", Integer.toString(WARMUP_S)),
                    Map.of()));
            int servingPort = pipeline.servingPort();
            Watch watch = pipeline.watch();

            Loadgen.Plan plan = new Loadgen.Plan(URI.create("http://127.0.0.1:" + servingPort + "/"), s, concurrency,
                    duration, size, workMs, burstCycles, Duration.ofSeconds(30), 150, 1, null, s == Scenario.GPU ? 0 : thinkMs);
            int loadStepS = loadStep(s, plan);
            step(out, String.format(Locale.ROOT, "load: %s, %d users at the peak, %d s%s", s.cliName(), concurrency,
                    duration, loadStepS > 0 ? " (the load steps up at " + loadStepS + " s)" : ""));
            LiveView view = new LiveView(out, WARMUP_S);
            view.header();
            long loadStart = System.currentTimeMillis();
            AtomicReference<Stats> stats = new AtomicReference<>();
            Thread load = Thread.ofPlatform().name("demo-load").start(() -> {
                try {
                    PrintWriter quiet = new PrintWriter(OutputStream.nullOutputStream());
                    if (s == Scenario.TRACE) {
                        Loadgen.runOpen(plan, traceRate(rates, duration, peakRate), quiet, stats::set);
                    } else {
                        Loadgen.run(plan, quiet, stats::set);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            pipeline.attachLoad(load);
            List<Row> rows = new ArrayList<>();
            for (int t = 1; t <= duration + settle; t++) {
                Thread.sleep(Math.max(0, loadStart + t * 1000L - System.currentTimeMillis()));
                Row row = Row.of(t, stats.get(), load.isAlive(), watch);
                rows.add(row);
                view.show(row, watch.lastDecision());
                if (t > duration && row.spec() == 1 && row.ready() == 1) {
                    break; // the load is over and the replicas are back at the minimum
                }
                if (!pipeline.allAlive()) {
                    throw new IllegalStateException("a service stopped: " + pipeline.dead());
                }
            }
            load.join(60_000);
            Thread.sleep(1000); // the last records arrive
            Summary summary = Summary.of(rows, stats.get(), watch, loadStart, loadStepS, 1);
            out.println();
            summary.print(out);
            Path html = report != null ? report : runDir.resolve("report.html");
            Files.createDirectories(html.toAbsolutePath().getParent());
            Files.writeString(html, Report.html(s, plan, loop.interval, summary, rows, watch.decisions(), loadStart));
            out.println("report: " + html.toAbsolutePath());
            if (json != null) {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), summary.json());
                out.println("summary: " + json.toAbsolutePath());
            }
            if (bootstrap != null) {
                out.println("the topics stay on " + bootstrap + ": ./userscale decisions --bootstrap " + bootstrap);
            }
            return 0;
        }
    }

    /** The trace of --trace, read by {@link #validate}. */
    private RateTrace rates;

    Scenario validate() {
        LoadShape shape = LoadShape.of(spec.commandLine(), scenario, trace, EnumSet.allOf(Scenario.class));
        Scenario s = shape.scenario();
        rates = shape.rates();
        for (var o : List.of(Map.entry("--duration", duration), Map.entry("--concurrency", concurrency),
                Map.entry("--size", size), Map.entry("--work-ms", workMs), Map.entry("--burst-cycles", burstCycles))) {
            if (o.getValue() <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        o.getKey() + " must be positive, got " + o.getValue());
            }
        }
        if (settle < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--settle must be 0 or more, got " + settle);
        }
        loop.validate(spec.commandLine());
        if (!(peakRate > 0) || Double.isInfinite(peakRate)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--peak-rate must be positive, got " + peakRate);
        }
        if (thinkMs < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--think-ms must be 0 or more, got " + thinkMs);
        }
        String problem = bootstrap == null ? null : ClientConfigs.bootstrapProblem(bootstrap);
        if (problem != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--bootstrap: " + problem);
        }
        return s;
    }

    /** Requests per second {@code t} seconds into the load: the whole trace over the duration, scaled to the peak. */
    static DoubleUnaryOperator traceRate(RateTrace t, int durationS, double peakRate) {
        double scale = peakRate / Math.max(1e-9, t.peak());
        double timeScale = t.lengthS() / durationS;
        return x -> t.rateAt(x * timeScale) * scale;
    }

    /** Seconds into the load when it steps up from its quiet level (0: from the start). */
    static int loadStep(Scenario s, Loadgen.Plan plan) {
        int first = s.activeUsers(0, plan.durationS(), plan.concurrency(), plan.burstCycles());
        for (int t = 1; t < plan.durationS(); t++) {
            if (s.activeUsers(t, plan.durationS(), plan.concurrency(), plan.burstCycles()) > first) {
                return t;
            }
        }
        return 0;
    }

    static void step(PrintWriter out, String text) {
        LocalPipeline.step(out, text);
    }
}
