package io.userscale.engine.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.userscale.engine.policy.Policies;
import io.userscale.engine.sim.Model;
import io.userscale.engine.sim.Simulation;
import io.userscale.engine.sim.Trace;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
            description = "Policies to compare (default: all = userscale,hpa,kpa,seed; also seed-aggressive, seed-conservative).")
    String policies;

    @Option(names = "--peak-pods", defaultValue = "20", description = "Scale the trace so its peak needs this many pods (default: ${DEFAULT-VALUE}).")
    double peakPods;

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

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a policy parameter for every policy, e.g. --set CPU_TARGET=60.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON.")
    Path json;

    @Option(names = "--chart", paramLabel = "FILE.html", description = "Write a self-contained HTML chart of the run.")
    Path chart;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Model model;
        try {
            model = new Model(peakPods, startupS, sloMs, serviceMs, concurrency, userRps, scrapeS, minReplicas,
                    maxReplicas);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        List<String> names = policies.equals("all") ? Simulation.DEFAULT_POLICIES
                : List.of(policies.split("\\s*,\\s*"));
        for (String n : names) {
            if (!Policies.names().contains(n)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--policy: unknown policy '" + n
                        + "'; known: " + String.join(", ", Policies.names()));
            }
        }
        Trace t;
        try (BufferedReader in = Files.newBufferedReader(trace, StandardCharsets.UTF_8)) {
            t = Trace.read(trace.getFileName().toString(), in);
        } catch (NoSuchFileException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--trace: no such file: " + trace);
        }
        Progress progress = new Progress(err, t.seconds() * names.size() > 200_000);
        long began = System.nanoTime();
        Simulation.Result r = Simulation.compare(t, model, names, overrides, progress);
        progress.done();
        double wall = (System.nanoTime() - began) / 1e9;

        out.printf(Locale.ROOT, "trace   %s: %d s, peak %.0f req/s = %s pods at the SLO%n", r.trace(), r.seconds(),
                r.peakRate(), Chart.fmt(model.peakPods()));
        out.printf(Locale.ROOT, "model   %s ms × %d per pod (%.0f req/s), p95 SLO %s ms (met up to %.0f%% busy), "
                        + "start-up %s s, scrape %s s%n", Chart.fmt(serviceMs), concurrency, model.capacityRps(),
                Chart.fmt(sloMs), 100 * model.utilisationAtSlo(), Chart.fmt(startupS), Chart.fmt(scrapeS));
        out.printf(Locale.ROOT, "oracle  %.0f replica-seconds%n%n", r.oracleReplicaSeconds());
        out.printf(Locale.ROOT, "%-18s %16s %14s %9s %10s %12s%n", "policy", "SLO-violation s", "replica-s",
                "× oracle", "scale ops", "peak p95 ms");
        for (var p : r.policies()) {
            out.printf(Locale.ROOT, "%-18s %16d %14.0f %9.2f %10d %12.0f%n", p.policy(), p.sloViolationSeconds(),
                    p.replicaSeconds(), p.oracleRatio(), p.scaleOperations(), p.peakP95Ms());
        }
        out.printf(Locale.ROOT, "%n(%.1f s wall, %.0f simulated s per wall s)%n", wall, r.seconds() * names.size() / wall);
        if (json != null) {
            writeJson(r);
            out.println("wrote " + json);
        }
        if (chart != null) {
            Files.writeString(chart, Chart.html(r), StandardCharsets.UTF_8);
            out.println("wrote " + chart);
        }
        return 0;
    }

    private void writeJson(Simulation.Result r) throws Exception {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("peakPods", peakPods);
        params.put("startupS", startupS);
        params.put("sloMs", sloMs);
        params.put("serviceMs", serviceMs);
        params.put("concurrency", concurrency);
        params.put("userRps", userRps);
        params.put("scrapeS", scrapeS);
        params.put("minReplicas", minReplicas);
        params.put("maxReplicas", maxReplicas);
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
