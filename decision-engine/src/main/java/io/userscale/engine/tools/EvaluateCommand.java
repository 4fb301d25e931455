package io.userscale.engine.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.userscale.engine.sim.Arrivals;
import io.userscale.engine.sim.Frontier;
import io.userscale.engine.sim.Grid;
import io.userscale.engine.sim.Model;
import io.userscale.engine.sim.Scenario;
import io.userscale.engine.sim.Simulation;
import io.userscale.kafka.contract.RateTrace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code userscale evaluate}: every policy over traces × scenarios, each cell judged against the
 * HPA at every CPU target, as a table, JSON and an HTML scoreboard.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
        description = {"Run policies over every trace under every scenario of a grid (scrape interval, pod start-up, "
                + "SLO, peak pods, arrivals) and judge each run against the Kubernetes HPA at CPU targets 20-80 %%: "
                + "dominated (some HPA target is as good on both SLO-violation seconds and replica-seconds, and "
                + "better on one), won, or won clearly."})
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--traces", required = true, arity = "1..*", paramLabel = "DIR|FILE.csv",
            description = "Traces (t_seconds,rate), or folders of them (every *.csv inside).")
    List<Path> traces;

    @Option(names = "--grid", defaultValue = "default", paramLabel = "default|FILE.json",
            description = "The scenarios: the default grid (base 5 s scrape / 30 s start-up / 200 ms / 20 pods, each "
                    + "factor moved alone, and four corners), or {\"scenarios\":[{\"name\",\"scrapeS\",\"startupS\","
                    + "\"sloMs\",\"peakPods\",\"arrivals\",\"seed\"}]} (missing fields take the base's).")
    String grid;

    @Option(names = "--scenarios", paramLabel = "NAME,...", split = ",",
            description = "Only these scenarios of the grid (e.g. base).")
    List<String> only;

    @Option(names = "--policy", defaultValue = "all", paramLabel = "all|P,...",
            description = "Policies to judge (default: all = userscale,hpa,kpa,seed).")
    String policies;

    @Option(names = "--arrivals", paramLabel = "fluid|poisson|paced",
            description = "Arrivals for every scenario, instead of the grid's.")
    String arrivals;

    @Option(names = "--seed", paramLabel = "N|A-B", description = "Seed of Poisson arrivals and routing for every "
            + "scenario; a range runs each Poisson or paced scenario once per seed (named NAME/sN), so that verdicts "
            + "are seen across samples of the noise (fluid arrivals have none: they run once).")
    String seed;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a parameter of the judged policies (not of the HPA frontier).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--threads", paramLabel = "N", description = "Runs at once (default: the number of CPUs).")
    Integer threads;

    @Option(names = "--reuse", paramLabel = "FILE.json", description = "Take runs from an earlier --json whose trace, "
            + "scenario, policy and version (rules and parameters) are the same, instead of running them again.")
    Path reuse;

    @Option(names = "--json", paramLabel = "FILE", description = "Write every cell, run and verdict as JSON.")
    Path json;

    @Option(names = "--html", paramLabel = "FILE.html", description = "Write the scoreboard as one HTML page.")
    Path html;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private List<String> names;
    private List<Scenario> scenarios;
    private List<RateTrace> loaded;
    private Grid.Reuse earlier;

    /** Checks every option, and reads the traces, the grid and the earlier runs, before anything runs. */
    void validate() throws IOException {
        names = Choices.policies("--policy", policies, spec);
        scenarios = scenarios();
        loaded = loadTraces();
        try {
            earlier = reuse == null ? Grid.Reuse.NONE : reuseFrom(reuse);
        } catch (IOException | RuntimeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--reuse: " + reuse
                    + ": not the --json of an earlier evaluate (" + Choices.reason(e) + ")");
        }
        for (Scenario s : scenarios) { // a scenario's model, and the --set overrides on it, before anything runs
            Model model;
            try {
                model = s.model();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--grid: scenario " + s.name() + ": "
                        + e.getMessage());
            }
            Choices.overrides("--set", names, Simulation.simOverrides(model, overrides), spec);
        }
        if (threads != null && threads < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
        }
    }

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        record Work(RateTrace trace, Scenario scenario, long size) {
        }
        List<Work> work = new ArrayList<>();
        long total = 0;
        for (RateTrace t : loaded) {
            for (Scenario s : scenarios) {
                long size = (long) t.seconds() * (2L * names.size() + Frontier.CPU_TARGETS.size());
                work.add(new Work(t, s, size));
                total += size;
            }
        }
        int nThreads = threads != null ? Math.max(1, threads) : Runtime.getRuntime().availableProcessors();
        out.printf(Locale.ROOT, "evaluating %s on %d traces × %d scenarios (%d cells, %d runs each: the policies, the "
                        + "HPA at %d CPU targets and a fixed deployment beside each policy), %d at once%n",
                String.join(", ", names), loaded.size(), scenarios.size(), work.size(),
                2 * names.size() + Frontier.CPU_TARGETS.size(), Frontier.CPU_TARGETS.size(), nThreads);
        out.flush();
        Bar bar = new Bar(err, total);
        long began = System.nanoTime();
        List<Grid.Cell> cells = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(nThreads);
        try {
            // submitted biggest first, so the long ones do not start last; collected in grid order
            List<Future<Grid.Cell>> futures = new ArrayList<>(java.util.Collections.nCopies(work.size(), null));
            List<Integer> order = new ArrayList<>(java.util.stream.IntStream.range(0, work.size()).boxed().toList());
            order.sort(Comparator.comparingLong((Integer i) -> work.get(i).size()).reversed());
            for (int i : order) {
                Work w = work.get(i);
                futures.set(i, pool.submit(() -> {
                    double[] last = {0};
                    Grid.Cell c = Grid.cell(w.trace(), w.scenario(), names, overrides, earlier, f -> {
                        bar.add((long) ((f - last[0]) * w.size()));
                        last[0] = f;
                    });
                    bar.add((long) ((1 - last[0]) * w.size()));
                    return c;
                }));
            }
            for (Future<Grid.Cell> f : futures) {
                cells.add(f.get());
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } finally {
            pool.shutdownNow();
        }
        bar.done();
        double wall = (System.nanoTime() - began) / 1e9;

        List<Grid.Summary> summaries = Grid.summarise(cells);
        printSummary(out, summaries, cells);
        printMatrix(out, names, loaded, scenarios, cells);
        printElasticity(out, cells, scenarios.get(0));
        out.printf(Locale.ROOT, "%n(%.0f s wall)%n", wall);
        if (json != null) {
            writeJson(cells, summaries);
            out.println("wrote " + json);
        }
        if (html != null) {
            Files.writeString(html, Scoreboard.html(names, cells, summaries), StandardCharsets.UTF_8);
            out.println("wrote " + html);
        }
        return 0;
    }

    private List<Scenario> scenarios() throws IOException {
        List<Scenario> all;
        if ("default".equals(grid)) {
            all = Scenario.defaultGrid();
        } else {
            Path file = Path.of(grid);
            if (!Files.isRegularFile(file)) {
                throw new CommandLine.ParameterException(spec.commandLine(), Files.exists(file)
                        ? "--grid: " + grid + " is not a regular file" : "--grid: no such file: " + grid);
            }
            all = parseGrid(file);
        }
        if (only != null && !only.isEmpty()) {
            List<Scenario> chosen = new ArrayList<>();
            List<Scenario> grid = all;
            for (String n : only) {
                Scenario s = grid.stream().filter(x -> x.name().equals(n.trim())).findFirst()
                        .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(), "--scenarios: no "
                                + "scenario '" + n + "' in the grid; it has: "
                                + String.join(", ", grid.stream().map(Scenario::name).toList())));
                chosen.add(s);
            }
            all = chosen;
        }
        if (arrivals != null || seed != null) {
            Arrivals a = arrivals == null ? null : Choices.arrivals(arrivals, spec);
            long[] seeds = seed == null ? new long[0] : Choices.seeds("--seed", seed, 100, spec);
            List<Scenario> changed = new ArrayList<>();
            for (Scenario s : all) {
                Arrivals mode = a == null ? s.arrivals() : a;
                if (seeds.length <= 1 || mode == Arrivals.FLUID) {
                    changed.add(s.withArrivals(mode, seeds.length == 1 ? seeds[0] : s.seed()));
                } else {
                    for (long n : seeds) {
                        changed.add(s.withArrivals(mode, n).named(s.name() + "/s" + n));
                    }
                }
            }
            all = changed;
        }
        return all;
    }

    /** Scenarios from a grid file; every problem names the scenario and the field. */
    List<Scenario> parseGrid(Path file) throws IOException {
        JsonNode doc;
        try {
            doc = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--grid: " + file + " is not JSON: "
                    + Choices.reason(e));
        }
        JsonNode list = doc.get("scenarios");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--grid: " + file
                    + " needs a non-empty \"scenarios\" array");
        }
        List<Scenario> out = new ArrayList<>();
        Scenario b = Scenario.BASE;
        for (int i = 0; i < list.size(); i++) {
            JsonNode n = list.get(i);
            String where = "--grid: scenarios[" + i + "]";
            try {
                String name = n.has("name") ? n.get("name").asText() : "scenario-" + (i + 1);
                out.add(new Scenario(name, number(n, "scrapeS", b.scrapeS(), where),
                        number(n, "startupS", b.startupS(), where), number(n, "sloMs", b.sloMs(), where),
                        number(n, "peakPods", b.peakPods(), where),
                        n.has("arrivals") ? Arrivals.parse(n.get("arrivals").asText()) : b.arrivals(),
                        (long) number(n, "seed", b.seed(), where)));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), where + ": " + e.getMessage());
            }
        }
        return out;
    }

    private double number(JsonNode n, String field, double fallback, String where) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new CommandLine.ParameterException(spec.commandLine(), where + "." + field + ": must be a number, got "
                    + v);
        }
        return v.asDouble();
    }

    private List<RateTrace> loadTraces() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : traces) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new CommandLine.ParameterException(spec.commandLine(), Files.exists(p)
                        ? "--traces: " + p + " is neither a file nor a folder" : "--traces: no such file or folder: " + p);
            }
        }
        if (files.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--traces: no .csv file in " + traces);
        }
        List<RateTrace> out = new ArrayList<>();
        for (Path f : files) {
            out.add(Choices.trace("--traces", f, spec));
        }
        return out;
    }

    private static Grid.Reuse reuseFrom(Path file) throws IOException {
        JsonNode doc = new ObjectMapper().readTree(file.toFile());
        Map<String, Grid.Run> runs = new HashMap<>();
        ObjectMapper m = new ObjectMapper();
        for (JsonNode c : doc.path("cells")) {
            Scenario s = m.treeToValue(c.get("scenario"), ScenarioJson.class).scenario();
            String trace = c.get("trace").asText();
            int seconds = c.path("seconds").asInt();
            for (String list : new String[] {"policies", "hpaFrontier"}) {
                for (JsonNode r : c.path(list)) {
                    Grid.Run run = m.treeToValue(r.get("run"), Grid.Run.class);
                    runs.put(key(trace, seconds, s, run.policy(), run.cpuTarget(), run.version()), run);
                }
            }
        }
        return (trace, seconds, scenario, policy, cpuTarget, version) ->
                runs.get(key(trace, seconds, scenario, policy, cpuTarget, version));
    }

    private static String key(String trace, int seconds, Scenario s, String policy, Integer cpuTarget, String version) {
        return trace + "|" + seconds + "|" + s.scrapeS() + "|" + s.startupS() + "|" + s.sloMs() + "|" + s.peakPods()
                + "|" + s.arrivals() + "|" + s.seed() + "|" + policy + "|" + cpuTarget + "|" + version;
    }

    /** A scenario as written in the JSON. */
    record ScenarioJson(String name, double scrapeS, double startupS, double sloMs, double peakPods, String arrivals,
                        long seed) {
        static ScenarioJson of(Scenario s) {
            return new ScenarioJson(s.name(), s.scrapeS(), s.startupS(), s.sloMs(), s.peakPods(), s.arrivals().label(),
                    s.seed());
        }

        Scenario scenario() {
            return new Scenario(name, scrapeS, startupS, sloMs, peakPods, Arrivals.parse(arrivals), seed);
        }
    }

    private void writeJson(List<Grid.Cell> cells, List<Grid.Summary> summaries) throws IOException {
        List<Map<String, Object>> outCells = new ArrayList<>();
        for (Grid.Cell c : cells) {
            Map<String, Object> cell = new LinkedHashMap<>();
            cell.put("trace", c.trace());
            cell.put("seconds", c.seconds());
            cell.put("scenario", ScenarioJson.of(c.scenario()));
            cell.put("oracleReplicaSeconds", c.oracleReplicaSeconds());
            cell.put("oracleVerdict", c.oracleVerdict().label());
            List<Map<String, Object>> ps = new ArrayList<>();
            for (Grid.Run r : c.policies()) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("policy", r.policy());
                p.put("sloViolationSeconds", r.violations());
                p.put("replicaSeconds", r.replicaSeconds());
                p.put("oracleRatio", r.oracleRatio());
                p.put("scaleOperations", r.scaleOperations());
                p.put("peakP95Ms", r.peakP95Ms());
                p.put("elasticity", r.elasticity());
                p.put("verdict", c.verdict(r).label());
                Frontier.Fixed fx = c.fixedFor(r);
                if (fx != null) {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("replicas", fx.replicas());
                    f.put("sloViolationSeconds", fx.violations());
                    f.put("replicaSeconds", fx.replicaSeconds());
                    f.put("dominates", c.dominatedByFixed(r));
                    p.put("fixed", f);
                }
                p.put("run", r);
                ps.add(p);
            }
            cell.put("policies", ps);
            List<Map<String, Object>> fs = new ArrayList<>();
            for (Grid.Run r : c.frontier()) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("cpuTarget", r.cpuTarget());
                f.put("sloViolationSeconds", r.violations());
                f.put("replicaSeconds", r.replicaSeconds());
                f.put("oracleRatio", r.oracleRatio());
                f.put("run", r);
                fs.add(f);
            }
            cell.put("hpaFrontier", fs);
            outCells.add(cell);
        }
        Map<String, Object> verdict = new LinkedHashMap<>();
        for (Grid.Summary s : summaries) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("cells", s.cells());
            v.put("notDominated", s.notDominated());
            v.put("notDominatedShare", s.notDominatedShare());
            v.put("clearWins", s.clearWins());
            v.put("clearWinShare", s.clearWinShare());
            v.put("medianOracleRatio", s.medianOracleRatio());
            v.put("sloViolationSeconds", s.violationSeconds());
            v.put("beatsFixed", s.beatsFixed());
            verdict.put(s.policy(), v);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("frontierCpuTargets", Frontier.CPU_TARGETS);
        doc.put("cells", outCells);
        doc.put("verdict", verdict);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), doc);
    }

    private static void printSummary(PrintWriter out, List<Grid.Summary> summaries, List<Grid.Cell> cells) {
        out.printf(Locale.ROOT, "%n%-12s %6s %16s %13s %16s %16s %12s%n", "policy", "cells", "not dominated",
                "clear wins", "median × oracle", "violation s", "beats fixed");
        for (Grid.Summary s : summaries) {
            out.printf(Locale.ROOT, "%-12s %6d %9d (%3.0f%%) %6d (%3.0f%%) %16.2f %16d %12d%n", s.policy(), s.cells(),
                    s.notDominated(), 100 * s.notDominatedShare(), s.clearWins(), 100 * s.clearWinShare(),
                    s.medianOracleRatio(), s.violationSeconds(), s.beatsFixed());
        }
        for (int target : Frontier.CPU_TARGETS) {
            double[] ratios = cells.stream().flatMap(c -> c.frontier().stream())
                    .filter(r -> r.cpuTarget() == target).mapToDouble(Grid.Run::oracleRatio).sorted().toArray();
            long v = cells.stream().flatMap(c -> c.frontier().stream()).filter(r -> r.cpuTarget() == target)
                    .mapToLong(Grid.Run::violations).sum();
            out.printf(Locale.ROOT, "%-12s %6d %16s %13s %16.2f %16d%n", "hpa@" + target + "%", ratios.length, "", "",
                    ratios.length == 0 ? Double.NaN : ratios[ratios.length / 2], v);
        }
        out.printf(Locale.ROOT, "%s: %s%n", Grid.ORACLE, Grid.ORACLE_MEANING);
        out.printf(Locale.ROOT, "beats fixed: %s%n", Grid.FIXED_MEANING);
    }

    private static void printMatrix(PrintWriter out, List<String> names, List<RateTrace> traces, List<Scenario> scenarios,
                                    List<Grid.Cell> cells) {
        out.printf(Locale.ROOT, "%nverdict per cell against the HPA frontier: C clear win, w won, x dominated%n");
        out.printf(Locale.ROOT, "scenarios: %s%n", String.join(" ", scenarios.stream()
                .map(s -> (scenarios.indexOf(s) + 1) + "=" + s.name()).toList()));
        for (String p : names) {
            out.printf(Locale.ROOT, "%s%n", p);
            for (RateTrace t : traces) {
                StringBuilder row = new StringBuilder();
                for (Scenario s : scenarios) {
                    Grid.Cell c = cells.stream().filter(x -> x.trace().equals(t.name()) && x.scenario().equals(s))
                            .findFirst().orElseThrow();
                    Grid.Run r = c.policies().stream().filter(x -> x.policy().equals(p)).findFirst().orElseThrow();
                    row.append(switch (c.verdict(r)) {
                        case CLEAR_WIN -> 'C';
                        case WON -> 'w';
                        case DOMINATED -> 'x';
                    });
                }
                out.printf(Locale.ROOT, "  %-50s %s%n", t.name(), row);
            }
        }
    }

    private static void printElasticity(PrintWriter out, List<Grid.Cell> cells, Scenario s) {
        out.printf(Locale.ROOT, "%nelasticity at scenario %s (%%; demand = the oracle's ready pods, supply = the "
                + "policy's):%n", s.name());
        out.printf(Locale.ROOT, "  %-50s %-10s %7s %7s %7s %7s %7s%n", "trace", "policy", "θU", "θO", "τU", "τO", "υ");
        for (Grid.Cell c : cells) {
            if (!c.scenario().equals(s)) {
                continue;
            }
            for (Grid.Run r : c.policies()) {
                var e = r.elasticity();
                out.printf(Locale.ROOT, "  %-50s %-10s %7.2f %7.2f %7.2f %7.2f %7.2f%n", c.trace(), r.policy(),
                        e.thetaU(), e.thetaO(), e.tauU(), e.tauO(), e.upsilon());
            }
        }
    }

    /** A progress bar over simulated seconds, with the time left; a line every 10 % when not on a terminal. */
    static final class Bar {
        private final PrintWriter err;
        private final long total;
        private final boolean tty = System.console() != null;
        private final long began = System.nanoTime();
        private long done;
        private int shown = -1;

        Bar(PrintWriter err, long total) {
            this.err = err;
            this.total = Math.max(1, total);
        }

        synchronized void add(long n) {
            done = Math.min(total, done + Math.max(0, n));
            int pct = (int) (100 * done / total);
            int step = tty ? 1 : 10;
            if (pct / step == shown / step && shown >= 0) {
                return;
            }
            shown = pct;
            double elapsed = (System.nanoTime() - began) / 1e9;
            String eta = done > 0 && pct < 100 ? String.format(Locale.ROOT, ", about %.0f s left",
                    elapsed * (total - done) / done) : "";
            if (tty) {
                int filled = pct / 4;
                err.print("\revaluating [" + "#".repeat(filled) + ".".repeat(25 - filled) + "] " + pct + "%" + eta
                        + "      ");
            } else {
                err.println("evaluating: " + pct + "%" + eta);
            }
            err.flush();
        }

        void done() {
            if (tty) {
                err.print("\r" + " ".repeat(70) + "\r");
                err.flush();
            }
        }
    }
}
