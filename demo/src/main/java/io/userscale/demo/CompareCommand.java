package io.userscale.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.RateTrace;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code userscale compare}: the same load through the real local pipeline once per policy, one
 * run after the other, each from the same start, and a table of what each run did.
 *
 * <p>The workload is gpu-app's modelled device ({@code /api/work?device=model}): each replica
 * serves {@code --slots} requests at a time for {@code --work-ms} each and queues the rest, burning
 * no CPU, so a replica's capacity is its own and does not shrink when replicas share this
 * machine's cores, as on a cluster. The load is open-loop (requests are sent when due, whatever
 * the service does), so every run is offered the same requests.
 */
@Command(name = "userscale compare", mixinStandardHelpOptions = true, usageHelpWidth = 100, sortOptions = false,
        description = {"Run the same load through the real local pipeline once per policy and compare them.",
                "Each run starts afresh (a new broker, services and replicas at the minimum) and is offered the "
                        + "same open-loop load on gpu-app's modelled device; then a table: replicas, throughput, "
                        + "latency, errors, SLO-violation seconds, replica-seconds, reaction and scale operations."})
public final class CompareCommand implements Callable<Integer> {

    /** The policy names compare knows: {@code static} holds the minimum, the others are the engine's. */
    static final List<String> POLICIES = List.of("static", "seed", "seed-aggressive", "seed-conservative", "hpa",
            "kpa", "userscale", "userscale-v1");

    /** {@code hpa@T}: the HPA at a CPU target of T % (1–100), a point of its frontier, as the engine names it. */
    private static final Pattern HPA_AT = Pattern.compile("hpa@([1-9][0-9]?|100)");

    /** Whether {@code policy} is the HPA, at its default target or one of its own ({@code hpa@T}). */
    static boolean isHpa(String policy) {
        return policy.equals("hpa") || HPA_AT.matcher(policy).matches();
    }

    @Option(names = "--policies", split = ",", defaultValue = "static,seed,hpa,userscale", paramLabel = "P,...",
            description = "Policies to run, in order: static (the minimum replicas throughout), seed, hpa, kpa, "
                    + "userscale, …; hpa@T is the HPA at a CPU target of T %% (hpa is hpa@50), so that "
                    + "hpa@30,hpa,hpa@70,userscale sets userscale beside the HPA at the targets a user might "
                    + "choose (default: ${DEFAULT-VALUE}).")
    List<String> policies;

    @Option(names = "--scenario", defaultValue = "step", paramLabel = "NAME",
            description = "The load's shape: step, burst, ramp, or trace (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--trace", paramLabel = "FILE.csv", description = "The t_seconds,rate trace of --scenario trace, "
            + "played over --duration and scaled to --peak-rate.")
    Path trace;

    @Option(names = "--duration", defaultValue = "180", description = "Seconds of load per run (default: ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--warmup", defaultValue = "60", description = "Seconds the load's opening rate runs before "
            + "each run's measured window, not counted: every policy is judged having seen its pods serve "
            + "(default: ${DEFAULT-VALUE}; 0: none).")
    int warmup;

    @Option(names = "--peak-rate", defaultValue = "50", description = "Requests per second at the peak "
            + "(default: ${DEFAULT-VALUE}).")
    double peakRate;

    @Option(names = "--work-ms", defaultValue = "200", description = "Service time of a request on the modelled "
            + "device, ms (default: ${DEFAULT-VALUE}).")
    int workMs;

    @Option(names = "--slots", defaultValue = "4", description = "Requests a replica's modelled device serves at "
            + "once (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--slo-ms", defaultValue = "400", description = "The p95 latency each second should keep to, "
            + "given to every policy as LATENCY_TARGET_MS (default: ${DEFAULT-VALUE}).")
    int sloMs;

    @Option(names = "--runs", defaultValue = "1", paramLabel = "N", description = "Runs of each policy, in rounds "
            + "(every policy once, then again): a live run's numbers move with where the load step falls between "
            + "scrapes and HPA syncs, so each round's warm-up is longer by another share of the HPA's 15 s sync "
            + "period, and a table gives each policy's median and range (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the runs as JSON.")
    Path json;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Where the HTML report goes "
            + "(default: <home>/compare/report.html).")
    Path report;

    @CommandLine.Mixin
    LoopOptions loop = new LoopOptions(5, 8080);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Cli.run(commandLine(), args);
    }

    public static CommandLine commandLine() {
        return Cli.of(new CompareCommand(), "compare");
    }

    /** What one run did. */
    record Run(String policy, List<Row> rows, Stats stats, List<Watch.Seen<Decision>> decisions, long loadStartMs,
               int loadStepS, CompareRow summary) {
    }

    @Override
    public Integer call() throws Exception {
        Scenario shape = validate();
        DoubleUnaryOperator rate = rate(shape);
        int loadStepS = loadStep(rate);
        Path root = Path.of(System.getProperty("userscale.root", ".")).toAbsolutePath().normalize();
        Path home = Path.of(System.getProperty("userscale.home", root.resolve(".userscale").toString()));
        Path runDir = home.resolve("compare");
        PrintWriter out = spec.commandLine().getOut();
        double perReplica = slots * 1000.0 / workMs;
        LocalPipeline.step(out, String.format(Locale.ROOT, "comparing %s: %s load, %.0f req/s at the peak%s, %d s "
                        + "each; a replica serves %d requests at once for %d ms (%.1f req/s), SLO p95 ≤ %d ms",
                String.join(", ", policies), shape.cliName(), peakRate,
                loadStepS > 0 ? " (stepping up at " + loadStepS + " s)" : "", duration, slots, workMs, perReplica, sloMs)
                + (warmup > 0 ? String.format(Locale.ROOT, "; each after a %d s warm-up at %.1f req/s, not counted",
                warmup, rate.applyAsDouble(0)) : ""));
        List<Run> runs = new ArrayList<>();
        int n = 0;
        for (int round = 1; round <= rounds; round++) {
            for (String policy : policies) {
                n++;
                out.printf(Locale.ROOT, "%n── run %d of %d: %s%s ──%n", n, policies.size() * rounds, policy,
                        rounds > 1 ? " (round " + round + " of " + rounds + ")" : "");
                out.flush();
                runs.add(runOne(policy, round, root, runDir.resolve(rounds > 1 ? policy + "-" + round : policy), rate,
                        loadStepS, out));
                out.println("  " + runs.getLast().summary().line());
                out.flush();
            }
        }
        runs = simulated(runs, rate, root, runDir, out);
        out.println();
        List<CompareRow> rows = runs.stream().map(Run::summary).toList();
        CompareRow.table(out, rows);
        if (oracleReplicaSeconds != null) {
            out.printf(Locale.ROOT, "the oracle, knowing the load in advance, meets the SLO every second with %.0f "
                    + "replica-seconds on the simulator: the least any policy could spend%n", oracleReplicaSeconds);
        }
        List<CompareRow.Spread> spreads = CompareRow.spread(rows);
        if (rounds > 1) {
            out.println();
            out.printf(Locale.ROOT, "each policy over its %d runs: median (least–most)%n", rounds);
            CompareRow.spreadTable(out, spreads);
        }
        List<String> againstHpa = CompareRow.againstHpa(spreads);
        if (!againstHpa.isEmpty()) {
            out.println();
            out.println("against the HPA at every target run (dominated: some target had no more SLO-violation "
                    + "seconds and no more replica-seconds, and fewer of one" + (rounds > 1 ? "; medians" : "") + "):");
            againstHpa.forEach(l -> out.println("  " + l));
        }
        Path html = report != null ? report : runDir.resolve("report.html");
        Files.createDirectories(html.toAbsolutePath().getParent());
        Files.writeString(html, CompareReport.html(runs, shape, peakRate, duration, slots, workMs, sloMs,
                loop.interval));
        out.println("report: " + html.toAbsolutePath());
        if (json != null) {
            Map<String, Object> doc = new LinkedHashMap<>();
            // its keys in name order, the same from run to run (Map.ofEntries' order is not)
            doc.put("scenario", new TreeMap<>(Map.ofEntries(Map.entry("shape", shape.cliName()),
                    Map.entry("peakRate", peakRate), Map.entry("durationS", duration), Map.entry("warmupS", warmup),
                    Map.entry("loadStepS", loadStepS), Map.entry("workMs", workMs), Map.entry("slots", slots),
                    Map.entry("sloMs", sloMs), Map.entry("intervalS", loop.interval),
                    Map.entry("maxReplicas", loop.maxReplicas), Map.entry("runsPerPolicy", rounds),
                    Map.entry("warmupShiftsS", IntStream.rangeClosed(1, rounds).map(r -> phaseShiftS(r, rounds))
                            .boxed().toList()))));
            doc.put("runs", rows.stream().map(CompareRow::json).toList());
            doc.put("policies", spreads.stream().map(CompareRow.Spread::json).toList());
            if (!againstHpa.isEmpty()) {
                doc.put("againstHpa", againstHpa);
            }
            if (oracleReplicaSeconds != null) {
                doc.put("oracle", new TreeMap<>(Map.of("replicaSeconds", oracleReplicaSeconds, "sloViolationSeconds", 0)));
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), doc);
            out.println("runs: " + json.toAbsolutePath());
        }
        out.flush();
        return 0;
    }

    private Run runOne(String policy, int round, Path root, Path runDir, DoubleUnaryOperator rate, int loadStepS,
                       PrintWriter out) throws Exception {
        boolean fixed = policy.equals("static");
        Map<String, String> params = Map.of("LATENCY_TARGET_MS", Integer.toString(sloMs));
        try (LocalPipeline pipeline = new LocalPipeline(out, null)) {
            // static: the engine runs, decides and is held at the minimum by the bounds
            pipeline.start(new LocalPipeline.Settings(root, runDir, null, loop.port, 1, fixed ? 1 : loop.maxReplicas,
                    loop.interval, fixed ? "seed" : policy, params,
                    Map.of("gpuapp.model-slots", Integer.toString(slots))));
            Watch watch = pipeline.watch();
            warmUp(pipeline, rate.applyAsDouble(0), warmup + phaseShiftS(round, rounds), out);
            Loadgen.Plan plan = plan(pipeline, duration);
            AtomicReference<Stats> stats = new AtomicReference<>();
            long loadStart = System.currentTimeMillis();
            Thread load = startLoad(pipeline, plan, rate, stats::set, "compare-load");
            List<Row> rows = new ArrayList<>();
            for (int t = 1; t <= duration; t++) {
                awaitSecond(pipeline, loadStart, t);
                Row row = Row.of(t, stats.get(), true, watch);
                rows.add(row);
                if (t % 10 == 0 || t == duration) {
                    out.printf(Locale.ROOT, "  %3d/%d s  offered %5.1f req/s  done %5.1f  p95 %6s ms  replicas %d "
                                    + "(%d ready)%n", t, duration, rate.applyAsDouble(t - 1), row.reqPerS(),
                            Double.isNaN(row.clientP95()) ? "-" : String.format(Locale.ROOT, "%.0f", row.clientP95()),
                            row.spec(), row.ready());
                    out.flush();
                }
            }
            load.join(45_000);
            Stats s = stats.get();
            CompareRow summary = CompareRow.of(policy, round, rows, s, watch, loadStart, loadStepS, duration, sloMs);
            return new Run(policy, rows, s, watch.decisions().stream().filter(d -> d.timestampMs() >= loadStart)
                    .toList(), loadStart, loadStepS, summary);
        }
    }

    /**
     * The open-loop load of {@code seconds} on the modelled device. One request per connection:
     * replicas share the serving port, and the kernel spreads connections (not requests) over them,
     * so a kept-alive connection would stay on the first.
     */
    private Loadgen.Plan plan(LocalPipeline pipeline, int seconds) {
        return new Loadgen.Plan(URI.create("http://127.0.0.1:" + pipeline.servingPort() + "/"), Scenario.TRACE, 400,
                seconds, 0, workMs, 1, Duration.ofSeconds(30), 1, 1, "/api/work?ms=" + workMs + "&device=model");
    }

    /**
     * The load's opening rate for {@code --warmup} seconds, before the measured window: every policy
     * starts judged having seen its pods serve, as a service in production has. Its requests,
     * replicas and scale operations are not counted.
     */
    private void warmUp(LocalPipeline pipeline, double opening, int seconds, PrintWriter out)
            throws InterruptedException {
        if (seconds <= 0) {
            return;
        }
        long start = System.currentTimeMillis();
        Thread load = startLoad(pipeline, plan(pipeline, seconds), x -> opening, st -> { }, "compare-warmup");
        for (int t = 1; t <= seconds; t++) {
            awaitSecond(pipeline, start, t);
            if (t % 10 == 0 || t == seconds) {
                out.printf(Locale.ROOT, "  warm-up %3d/%d s  %.1f req/s, not counted%n", t, seconds, opening);
                out.flush();
            }
        }
        load.join(45_000);
    }

    /** The HPA controller's sync period: it reads metrics and resizes every 15 s. */
    static final int HPA_SYNC_S = 15;

    /**
     * Seconds added to round {@code round}'s warm-up (of {@code rounds}), the same for every policy
     * of the round: rounds spread evenly over one HPA sync period, so that over them the load step
     * meets each policy at every point of its sync and scrape cycles rather than at the one the
     * start-up's timing happens to give (one run alone is not shifted).
     */
    static int phaseShiftS(int round, int rounds) {
        return (int) Math.round((round - 1) * (double) HPA_SYNC_S / rounds);
    }

    /** Runs {@code plan} open-loop at {@code rate} on a thread of its own, stopped with the pipeline. */
    private static Thread startLoad(LocalPipeline pipeline, Loadgen.Plan plan, DoubleUnaryOperator rate,
                                    Consumer<Stats> stats, String name) {
        Thread load = Thread.ofPlatform().name(name).start(() -> {
            try {
                Loadgen.runOpen(plan, rate, new PrintWriter(OutputStream.nullOutputStream()), stats);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        pipeline.attachLoad(load);
        return load;
    }

    /** Waits until {@code t} s after {@code startMs}; fails when a service of the pipeline has stopped. */
    private static void awaitSecond(LocalPipeline pipeline, long startMs, int t) throws InterruptedException {
        Thread.sleep(Math.max(0, startMs + t * 1000L - System.currentTimeMillis()));
        if (!pipeline.allAlive()) {
            throw new IllegalStateException("a service stopped: " + pipeline.dead());
        }
    }

    /**
     * The simulator on the same scenario: the offered load as a trace, the model's pods with the
     * capacity and start-up the live runs showed, each policy as it ran live ({@code static} as
     * {@code seed} held at one replica). Returns the runs with its predictions, or as they were
     * when it could not run (saying why).
     */
    private List<Run> simulated(List<Run> runs, DoubleUnaryOperator rate, Path root, Path runDir, PrintWriter out)
            throws Exception {
        Path engineJar = root.resolve("decision-engine/target/userscale-decision-engine.jar");
        if (!Files.isRegularFile(engineJar)) {
            out.println("no simulation beside the runs: " + engineJar + " is not built (./userscale build decision-engine)");
            return runs;
        }
        Files.createDirectories(runDir);
        Path traceFile = runDir.resolve("offered.csv");
        StringBuilder csv = new StringBuilder("t_seconds,rate\n");
        double peak = 0;
        for (int t = 0; t < duration; t++) {
            double r = rate.applyAsDouble(t);
            peak = Math.max(peak, r);
            csv.append(t).append(',').append(String.format(Locale.ROOT, "%.4f", r)).append('\n');
        }
        Files.writeString(traceFile, csv);
        double capacity = measuredCapacity(runs);
        double startup = measuredStartup(runs);
        double serviceMs = slots * 1000.0 / capacity;
        LocalPipeline.step(out, String.format(Locale.ROOT, "simulating the same load: a replica serves %.1f req/s and "
                + "starts in %.1f s, as measured", capacity, startup));
        Map<String, CompareRow.Simulated> predicted = new HashMap<>();
        // the HPA acts at its syncs, where the controller's clock put them: each run's own phase
        List<Integer> phases = runs.stream().map(r -> isHpa(r.policy()) ? hpaPhaseS(r) : -1).toList();
        Map<String, CompareRow.Simulated> hpaByPhase = new TreeMap<>();
        List<String> scaled = policies.stream().filter(p -> !p.equals("static") && !isHpa(p)).toList();
        try {
            if (!scaled.isEmpty()) {
                predicted.putAll(simulate(root, runDir, traceFile, String.join(",", scaled), loop.maxReplicas, peak,
                        startup, serviceMs, 0));
            }
            if (policies.contains("static")) {
                simulate(root, runDir, traceFile, "seed", 1, peak, startup, serviceMs, 0)
                        .forEach((k, v) -> predicted.put("static", v));
            }
            for (int i = 0; i < runs.size(); i++) {
                String hpa = runs.get(i).policy();
                int phase = phases.get(i);
                if (phase >= 0 && !hpaByPhase.containsKey(hpa + "/" + phase)) {
                    hpaByPhase.put(hpa + "/" + phase, simulate(root, runDir, traceFile, hpa, loop.maxReplicas, peak,
                            startup, serviceMs, phase).get(hpa));
                }
            }
        } catch (IllegalStateException e) {
            out.println("no simulation beside the runs: " + e.getMessage());
            return runs;
        }
        if (!hpaByPhase.isEmpty()) {
            out.println("  the HPA simulated with its syncs where each run's were: " + phases.stream()
                    .filter(p -> p >= 0).distinct().sorted().map(p -> p + " s").collect(Collectors.joining(", "))
                    + " into the load (and every 15 s on)");
        }
        return IntStream.range(0, runs.size()).mapToObj(i -> {
            Run r = runs.get(i);
            return new Run(r.policy(), r.rows(), r.stats(), r.decisions(), r.loadStartMs(), r.loadStepS(),
                    r.summary().withSimulated(phases.get(i) >= 0 ? hpaByPhase.get(r.policy() + "/" + phases.get(i))
                            : predicted.get(r.policy())));
        }).toList();
    }

    /** What {@code hpa}'s decisions between its syncs say, with the seconds to the next. */
    static final String BETWEEN_SYNCS = "next HPA sync in";

    /**
     * When the live HPA synced, as a phase of its 15 s cycle from the load's start (0: at 0, 15, 30 s
     * …): from its decisions, those between syncs saying so; 0 when there is none to read.
     */
    static int hpaPhaseS(Run r) {
        return hpaPhaseS(r.decisions().stream().map(Watch.Seen::value).toList(), r.loadStartMs());
    }

    static int hpaPhaseS(List<Decision> decisions, long loadStartMs) {
        for (Decision d : decisions) {
            long sinceMs = d.ts().toEpochMilli() - loadStartMs;
            if (sinceMs >= 0 && d.summary() != null && !d.summary().contains(BETWEEN_SYNCS)) {
                return (int) Math.floorMod(Math.round(sinceMs / 1000.0), (long) HPA_SYNC_S);
            }
        }
        return 0;
    }

    private Map<String, CompareRow.Simulated> simulate(Path root, Path runDir, Path traceFile, String names, int max,
                                                       double peak, double startup, double serviceMs, int hpaPhase)
            throws Exception {
        Path json = runDir.resolve("simulated-" + names.replace(',', '-') + "-" + max
                + (hpaPhase > 0 ? "-phase" + hpaPhase : "") + ".json");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-cp",
                root.resolve("decision-engine/target/userscale-decision-engine.jar") + java.io.File.pathSeparator
                        + root.resolve("decision-engine/target/lib") + "/*",
                "io.userscale.engine.tools.EngineTools", "simulate", "--trace", traceFile.toString(), "--policy", names,
                "--peak-rate", String.format(Locale.ROOT, "%.4f", peak),
                "--startup-s", String.format(Locale.ROOT, "%.1f", startup),
                "--slo-ms", Integer.toString(sloMs), "--service-ms", String.format(Locale.ROOT, "%.3f", serviceMs),
                "--concurrency", Integer.toString(slots), "--user-rps", "1",
                "--scrape-s", Integer.toString(loop.interval), "--hpa-phase-s", Integer.toString(hpaPhase),
                "--min-replicas", "1", "--max-replicas", Integer.toString(max), "--json", json.toString()));
        Path log = runDir.resolve("simulate.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("simulate did not finish within 300 s; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("simulate exited " + p.exitValue() + "; see " + log);
        }
        Map<String, CompareRow.Simulated> out = new LinkedHashMap<>();
        var doc = new ObjectMapper().readTree(json.toFile());
        if (max == loop.maxReplicas && doc.at("/oracle/replicaSeconds").isNumber()) {
            oracleReplicaSeconds = doc.at("/oracle/replicaSeconds").asDouble();
        }
        for (var row : doc.get("policies")) {
            out.put(row.get("policy").asText(), new CompareRow.Simulated(row.get("replicaSeconds").asDouble(),
                    row.get("sloViolationSeconds").asInt()));
        }
        return out;
    }

    /**
     * Requests per second one replica answered when it could not keep up: the median over the
     * seconds {@code static} broke the SLO; without a {@code static} run, what the device's slots
     * and service time make.
     */
    private double measuredCapacity(List<Run> runs) {
        List<Long> ok = new ArrayList<>();
        for (Run r : runs) {
            if (r.policy().equals("static") && r.stats() != null) {
                for (Stats.Second s : r.stats().timeline()) {
                    if (CompareRow.overSlo(s, sloMs)) {
                        ok.add(s.ok());
                    }
                }
            }
        }
        if (ok.size() < 5) {
            return slots * 1000.0 / workMs;
        }
        ok.sort(null);
        return Math.max(1, ok.get(ok.size() / 2));
    }

    /**
     * Seconds from replicas asked for to their being ready, as the pipeline saw it (the median over
     * every scale-up of every run; 10 s when none happened).
     */
    static double measuredStartup(List<Run> runs) {
        List<Integer> waits = new ArrayList<>();
        for (Run r : runs) {
            List<Row> rows = r.rows();
            for (int i = 1; i < rows.size(); i++) {
                int asked = rows.get(i).spec();
                if (asked > rows.get(i - 1).spec()) {
                    for (int j = i; j < rows.size(); j++) {
                        if (rows.get(j).ready() >= asked || rows.get(j).spec() < asked) {
                            if (rows.get(j).ready() >= asked) {
                                waits.add(rows.get(j).t() - rows.get(i).t());
                            }
                            break;
                        }
                    }
                }
            }
        }
        if (waits.isEmpty()) {
            return 10;
        }
        waits.sort(null);
        return Math.max(1, waits.get(waits.size() / 2));
    }

    /**
     * What the simulator's oracle spends on the same load, knowing it in advance, within the same
     * bounds and meeting the SLO every second: the least any policy could (null: not simulated).
     */
    private Double oracleReplicaSeconds;

    /** The trace of --trace, read by {@link #validate}. */
    private RateTrace rates;

    Scenario validate() {
        // a constant load (intensive_matrix, gpu) has no step to react to
        LoadShape shape = LoadShape.of(spec.commandLine(), scenario, trace,
                EnumSet.of(Scenario.STEP, Scenario.BURST, Scenario.RAMP, Scenario.TRACE));
        Scenario s = shape.scenario();
        rates = shape.rates();
        for (String p : policies) {
            if (!POLICIES.contains(p) && !isHpa(p)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--policies: unknown policy '" + p
                        + "'; known: " + String.join(", ", POLICIES)
                        + ", hpa@T (the HPA at a CPU target of T %, 1-100)");
            }
        }
        if (policies.isEmpty() || policies.stream().distinct().count() != policies.size()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--policies: name each policy once");
        }
        if (rounds < 1 || rounds > 20) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--runs must be 1-20, got " + rounds);
        }
        if (warmup < 0 || warmup > 3600) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--warmup must be 0-3600 s, got " + warmup);
        }
        for (var o : List.of(Map.entry("--duration", duration), Map.entry("--work-ms", workMs),
                Map.entry("--slots", slots), Map.entry("--slo-ms", sloMs))) {
            if (o.getValue() <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        o.getKey() + " must be positive, got " + o.getValue());
            }
        }
        if (!(peakRate > 0) || Double.isInfinite(peakRate)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--peak-rate must be positive, got "
                    + peakRate);
        }
        loop.validate(spec.commandLine());
        return s;
    }

    /** Requests per second offered {@code t} seconds into a run. */
    private DoubleUnaryOperator rate(Scenario s) {
        if (s == Scenario.TRACE) {
            return DemoCommand.traceRate(rates, duration, peakRate);
        }
        int of = 1000;
        return x -> peakRate * s.activeUsers(x, duration, of, 1) / of;
    }

    /** Seconds into the load when it steps up from where it began (0: it does not). */
    private int loadStep(DoubleUnaryOperator rate) {
        double first = rate.applyAsDouble(0);
        for (int t = 1; t < duration; t++) {
            if (rate.applyAsDouble(t) > first * 1.5) {
                return t;
            }
        }
        return 0;
    }
}
