package io.userscale.engine.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.userscale.engine.policy.Policy;
import io.userscale.engine.sim.Arrivals;
import io.userscale.engine.sim.Model;
import io.userscale.engine.sim.Simulation;
import io.userscale.kafka.contract.RateTrace;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.TargetSnapshot;
import io.userscale.kafka.codec.ContractJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code userscale simulate --trace FILE.csv ...}: every policy through the model cluster. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
        description = {"Drive a model cluster with a t_seconds,rate trace under each policy and compare them: "
                + "SLO-violation seconds, replica-seconds (cost), their ratio to the oracle's (the least any policy "
                + "could spend meeting the SLO with perfect foresight), scale operations and the peak p95."})
public final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--trace", required = true, paramLabel = "FILE.csv", description = "The demand trace.")
    Path trace;

    @Option(names = "--policy", defaultValue = "all", paramLabel = "all|P,...",
            description = "Policies to compare (default: all = userscale,hpa,kpa,seed; also userscale-v1, seed-aggressive, "
                    + "seed-conservative, and hpa@T, the HPA at a CPU target of T %%: hpa@30,hpa,hpa@70).")
    String policies;

    @Option(names = "--peak-pods", defaultValue = "20", description = "Scale the trace so its peak needs this many pods (default: ${DEFAULT-VALUE}).")
    double peakPods;

    @Option(names = "--peak-rate", paramLabel = "REQ/S", description = "Scale the trace so its peak is this many "
            + "requests per second instead (what a measured service was offered).")
    Double peakRate;

    @Option(names = "--startup-s", defaultValue = "30", description = "Pod start-up delay, s (default: ${DEFAULT-VALUE}).")
    double startupS;

    @Option(names = "--slo-ms", defaultValue = "200", description = "p95 latency objective, ms (default: ${DEFAULT-VALUE}).")
    double sloMs;

    @Option(names = "--service-ms", defaultValue = "50", description = "Service time of one request, ms (default: ${DEFAULT-VALUE}).")
    double serviceMs;

    @Option(names = "--concurrency", defaultValue = "2", description = "Parallel requests per pod (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--user-rps", defaultValue = "2", description = "Requests per second of one active user (default: ${DEFAULT-VALUE}).")
    double userRps;

    @Option(names = "--scrape-s", defaultValue = "5", description = "userscale's scrape interval, s (default: ${DEFAULT-VALUE}).")
    double scrapeS;

    @Option(names = "--min-replicas", defaultValue = "1", description = "Fewest replicas, every policy (default: ${DEFAULT-VALUE}).")
    int minReplicas;

    @Option(names = "--max-replicas", defaultValue = "60", description = "Most replicas, every policy (default: ${DEFAULT-VALUE}).")
    int maxReplicas;

    @Option(names = "--queue-limit", defaultValue = "0", description = "Requests one pod holds waiting before it "
            + "refuses more (a second with a refused request breaks the SLO); 0: no limit (default: ${DEFAULT-VALUE}).")
    int queueLimit;

    @Option(names = "--arrivals", defaultValue = "fluid", paramLabel = "fluid|poisson|paced",
            description = "Requests arrive as the trace's rate exactly, spread evenly with one shared queue (fluid); as "
                    + "Poisson counts each second, with the sample noise of a real service (poisson); or evenly paced "
                    + "at the trace's rate (paced). Poisson and paced requests go to a ready pod at random and queue "
                    + "there (default: ${DEFAULT-VALUE}).")
    String arrivals;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of Poisson arrivals and routing; the same seed "
            + "gives the same run (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--hpa-phase-s", defaultValue = "0", paramLabel = "S", description = "Seconds into the trace of "
            + "the HPA's first sync, 0-14: its syncs come every 15 s from there, as a live controller's clock puts them "
            + "(default: ${DEFAULT-VALUE}).")
    int hpaPhaseS;

    @Option(names = "--record", paramLabel = "FILE.jsonl", description = "Write every snapshot each policy decided, as "
            + "a recording that userscale replay reads (target sim/<policy>).")
    Path record;

    @Option(names = "--decisions", paramLabel = "FILE.jsonl", description = "Write every Decision record of every "
            + "policy, one JSON object per line.")
    Path decisions;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a policy parameter for every policy, e.g. --set CPU_TARGET=60.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON.")
    Path json;

    @Option(names = "--chart", paramLabel = "FILE.html", description = "Write a self-contained HTML chart of the run.")
    Path chart;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Model model;
    private List<String> names;
    private RateTrace t;
    private Arrivals mode;

    /** Checks every option, and reads the trace, before anything runs. */
    void validate() throws IOException {
        try {
            model = new Model(peakPods, startupS, sloMs, serviceMs, concurrency, userRps, scrapeS, minReplicas,
                    maxReplicas, queueLimit);
            if (peakRate != null) {
                double onePod = model.rateAtSlo();
                if (!(peakRate >= onePod) || Double.isInfinite(peakRate)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), String.format(Locale.ROOT,
                            "--peak-rate must be at least one pod's load at the SLO, %.1f req/s, got %s", onePod,
                            peakRate));
                }
                model = new Model(peakRate / onePod, startupS, sloMs, serviceMs, concurrency, userRps, scrapeS,
                        minReplicas, maxReplicas, queueLimit);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), Choices.asOption(e.getMessage()));
        }
        names = Choices.policies("--policy", policies, spec);
        t = Choices.trace("--trace", trace, spec);
        mode = Choices.arrivals(arrivals, spec);
        if (hpaPhaseS < 0 || hpaPhaseS >= Simulation.HPA_SYNC_S) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--hpa-phase-s must be 0 to "
                    + (Simulation.HPA_SYNC_S - 1) + " (the HPA syncs every " + Simulation.HPA_SYNC_S + " s), got "
                    + hpaPhaseS);
        }
        Choices.overrides("--set", names, Simulation.simOverrides(model, overrides), spec);
    }

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = new Progress(err, t.seconds() * names.size() > 200_000);
        long began = System.nanoTime();
        Simulation.Result r;
        try (RecordSink sink = new RecordSink(record, decisions)) {
            Simulation.Setup setup = Simulation.Setup.of(t, model, mode, seed).withHpaPhase(hpaPhaseS);
            r = Simulation.compare(setup, names, overrides, sink::forPolicy, progress);
        }
        progress.done();
        double wall = (System.nanoTime() - began) / 1e9;

        out.printf(Locale.ROOT, "trace   %s: %d s, peak %.0f req/s = %s pods at the SLO%n", r.trace(), r.seconds(),
                r.peakRate(), Chart.fmt(model.peakPods()));
        out.printf(Locale.ROOT, "model   %s ms × %d per pod (%.0f req/s), p95 SLO %s ms (met up to %.0f%% busy), "
                        + "start-up %s s, scrape %s s%s%n", Chart.fmt(serviceMs), concurrency, model.capacityRps(),
                Chart.fmt(sloMs), 100 * model.utilisationAtSlo(), Chart.fmt(startupS), Chart.fmt(scrapeS),
                queueLimit > 0 ? ", at most " + queueLimit + " waiting per pod" : "");
        out.printf(Locale.ROOT, "arrivals %s%s%n", mode.label(), mode == Arrivals.FLUID ? "" : " (seed " + seed + ")");
        out.printf(Locale.ROOT, "oracle  %.0f replica-seconds%n%n", r.oracleReplicaSeconds());
        out.printf(Locale.ROOT, "%-18s %16s %14s %9s %10s %12s%n", "policy", "SLO-violation s", "replica-s",
                "× oracle", "scale ops", "peak p95 ms");
        for (var p : r.policies()) {
            out.printf(Locale.ROOT, "%-18s %16d %14.0f %9.2f %10d %12.0f%n", p.policy(), p.sloViolationSeconds(),
                    p.replicaSeconds(), p.oracleRatio(), p.scaleOperations(), p.peakP95Ms());
        }
        out.printf(Locale.ROOT, "%n(%.1f s wall, %.0f simulated s per wall s)%n", wall, r.seconds() * names.size() / wall);
        if (json != null) {
            writeJson(r, model);
            out.println("wrote " + json);
        }
        if (record != null) {
            out.println("wrote " + record + " (replay it: ./userscale replay --input " + record + ")");
        }
        if (decisions != null) {
            out.println("wrote " + decisions);
        }
        if (chart != null) {
            Files.writeString(chart, Chart.html(r), StandardCharsets.UTF_8);
            out.println("wrote " + chart);
        }
        return 0;
    }

    private void writeJson(Simulation.Result r, Model model) throws Exception {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("peakPods", model.peakPods());
        params.put("startupS", startupS);
        params.put("sloMs", sloMs);
        params.put("serviceMs", serviceMs);
        params.put("concurrency", concurrency);
        params.put("userRps", userRps);
        params.put("scrapeS", scrapeS);
        params.put("minReplicas", minReplicas);
        params.put("maxReplicas", maxReplicas);
        params.put("hpaPhaseS", hpaPhaseS);
        params.put("queueLimit", queueLimit);
        params.put("arrivals", r.arrivals().label());
        params.put("seed", seed);
        params.put("peakRate", r.peakRate());
        params.put("overrides", overrides);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (var p : r.policies()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("policy", p.policy());
            row.put("version", p.version());
            row.put("sloViolationSeconds", p.sloViolationSeconds());
            row.put("replicaSeconds", p.replicaSeconds());
            row.put("oracleRatio", p.oracleRatio());
            row.put("scaleOperations", p.scaleOperations());
            row.put("peakP95Ms", p.peakP95Ms());
            row.put("elasticity", p.elasticity());
            rows.add(row);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("trace", r.trace());
        doc.put("seconds", r.seconds());
        doc.put("params", params);
        doc.put("oracle", Map.of("replicaSeconds", r.oracleReplicaSeconds()));
        doc.put("policies", rows);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), doc);
    }

    /**
     * Writes the snapshots each policy decided as a recording ({@code --record}: the policy's line,
     * then its snapshots) and its decisions ({@code --decisions}), as JSON Lines.
     */
    static final class RecordSink implements AutoCloseable {
        private final java.io.BufferedWriter snapshots;
        private final java.io.BufferedWriter decisionLines;
        private final ObjectMapper mapper = ContractJson.mapper();

        RecordSink(Path record, Path decisions) throws java.io.IOException {
            this.snapshots = record == null ? null : Files.newBufferedWriter(record, StandardCharsets.UTF_8);
            this.decisionLines = decisions == null ? null : Files.newBufferedWriter(decisions, StandardCharsets.UTF_8);
        }

        Simulation.Sink forPolicy(Policy<?> policy) {
            if (snapshots == null && decisionLines == null) {
                return Simulation.Sink.NONE;
            }
            if (snapshots != null) {
                write(snapshots, Recording.policy(Simulation.targetOf(policy.name()).key(),
                        new Decision.PolicyRef(policy.name(), policy.version(), policy.params().asMap())));
            }
            return new Simulation.Sink() {
                @Override
                public void snapshot(TargetSnapshot snapshot) {
                    if (snapshots != null) {
                        write(snapshots, new Recording(Recording.SNAPSHOT, null, null, null, snapshot, null, null));
                    }
                }

                @Override
                public void decision(Decision decision) {
                    if (decisionLines != null) {
                        write(decisionLines, decision);
                    }
                }
            };
        }

        private void write(java.io.BufferedWriter w, Object value) {
            try {
                w.write(mapper.writeValueAsString(value));
                w.newLine();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws java.io.IOException {
            if (decisionLines != null) {
                decisionLines.close();
            }
            if (snapshots != null) {
                snapshots.close();
            }
        }
    }

    /** A progress bar on a terminal, a line every 20 % otherwise; only for long runs. */
    static final class Progress implements java.util.function.DoubleConsumer {
        private final PrintWriter err;
        private final boolean show;
        private final boolean tty = System.console() != null;
        private int lastShown = -1;

        Progress(PrintWriter err, boolean show) {
            this.err = err;
            this.show = show;
        }

        @Override
        public void accept(double fraction) {
            if (!show) {
                return;
            }
            int pct = (int) Math.floor(fraction * 100);
            int step = tty ? 1 : 20;
            if (pct / step == lastShown / step && lastShown >= 0) {
                return;
            }
            lastShown = pct;
            if (tty) {
                int filled = pct / 4;
                err.print("\rsimulating [" + "#".repeat(filled) + ".".repeat(25 - filled) + "] " + pct + "%");
            } else {
                err.println("simulating: " + pct + "%");
            }
            err.flush();
        }

        void done() {
            if (show && tty) {
                err.print("\r" + " ".repeat(50) + "\r");
                err.flush();
            }
        }
    }
}
