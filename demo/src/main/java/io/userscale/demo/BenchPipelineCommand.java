package io.userscale.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.userscale.kafka.local.LocalKafka;
import io.userscale.kafka.local.Ports;
import io.userscale.kafka.topic.Topic;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code userscale bench pipeline}: the pipeline at many targets. A farm of metrics endpoints (one
 * process serving every pod's exposition), one metrics-ingest scraping them, a fresh broker,
 * {@code --engines} decision-engine instances in one consumer group, the actuator on its dry-run
 * backend; {@link PipelineMeter} reads every topic as it fills and says whether the pipeline keeps
 * up: snapshots and scrapes per second, decision latency, consumer lag over time, rounds that
 * overran the interval, each service's CPU and memory, and, with {@code --kill-engine-at}, how an
 * engine instance's death was taken over.
 */
@Command(name = "userscale bench pipeline", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        sortOptions = false, description = "Run the pipeline at many targets (a farm of metrics endpoints, ingest, "
        + "a fresh broker, engine instances, the actuator in dry-run) and measure whether it keeps up.")
public final class BenchPipelineCommand implements Callable<Integer> {

    @Option(names = "--targets", defaultValue = "1000", description = "Targets (default: ${DEFAULT-VALUE}).")
    int targets;

    @Option(names = "--pods-per-target", defaultValue = "3", description = "Pods per target (default: "
            + "${DEFAULT-VALUE}).")
    int podsPerTarget;

    @Option(names = "--interval", defaultValue = "5", description = "Scrape interval, s (default: ${DEFAULT-VALUE}).")
    int intervalS;

    @Option(names = "--engines", defaultValue = "2", description = "Engine instances (default: ${DEFAULT-VALUE}; "
            + "userscale.metrics has " + 6 + " partitions).")
    int engines;

    @Option(names = "--duration", defaultValue = "120", description = "Seconds measured (default: ${DEFAULT-VALUE}).")
    int durationS;

    @Option(names = "--warmup", defaultValue = "60", description = "Seconds run before measuring: the services' "
            + "JIT, and each engine reading its targets' history back (default: ${DEFAULT-VALUE}).")
    int warmupS;

    @Option(names = "--kill-engine-at", paramLabel = "T", description = "SIGKILL the first engine instance T s "
            + "into the measured run.")
    Integer killAtS;

    @Option(names = "--policy", defaultValue = "userscale", description = "The engines' policy (default: "
            + "${DEFAULT-VALUE}; an unknown one stops the engines at start, naming the known ones).")
    String policy;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the figures as JSON.")
    Path json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** JVM flags of the benchmarked services: the full JIT, unlike the local cluster's quick-start flags. */
    static final List<String> SERVICE_FLAGS = List.of("-Xmx512m", "-XX:+UseSerialGC");

    public static void main(String[] args) {
        Cli.run(commandLine(), args);
    }

    public static CommandLine commandLine() {
        return Cli.of(new BenchPipelineCommand(), "bench pipeline");
    }

    void validate() {
        require(targets >= 1, "--targets must be at least 1, got " + targets);
        require(podsPerTarget >= 1, "--pods-per-target must be at least 1, got " + podsPerTarget);
        require(intervalS >= 1, "--interval must be at least 1 s, got " + intervalS);
        require(engines >= 1 && engines <= Topic.METRICS.partitions(), "--engines must be 1 to "
                + Topic.METRICS.partitions() + " (the partitions of userscale.metrics), got " + engines);
        require(durationS >= 2 * intervalS, "--duration must be at least two intervals, got " + durationS);
        require(warmupS >= 0, "--warmup must be 0 or more, got " + warmupS);
        require(killAtS == null || (killAtS >= 1 && killAtS < durationS), "--kill-engine-at must be within the "
                + "run (1 to " + (durationS - 1) + " s), got " + killAtS);
        require(killAtS == null || engines >= 2, "--kill-engine-at needs a second engine to take over (--engines 2 "
                + "or more)");
    }

    private void require(boolean ok, String message) {
        if (!ok) {
            throw new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        Path root = Path.of(System.getProperty("userscale.root", ".")).toAbsolutePath().normalize();
        Path home = Path.of(System.getProperty("userscale.home", root.resolve(".userscale").toString()));
        Path run = home.resolve("bench-pipeline");
        LocalPipeline.deleteTree(run);
        Path logs = run.resolve("logs");
        Files.createDirectories(logs);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        LocalPipeline.step(out, String.format(Locale.ROOT, "bench pipeline: %d targets × %d pods every %d s, %d "
                + "engine(s), %d s%s", targets, podsPerTarget, intervalS, engines, durationS,
                killAtS == null ? "" : ", the first engine killed at " + killAtS + " s"));
        Result result;
        try (MetricsFarm farm = new MetricsFarm(targets, podsPerTarget, 1);
             LocalKafka broker = LocalKafka.start(LocalKafka.Settings.defaults(run.resolve("kafka"),
                     root.resolve("kafka/broker/target/broker"))
                     .withPorts(Ports.pickFree("127.0.0.1"), Ports.pickFree("127.0.0.1")))) {
            String servers = broker.bootstrapServers();
            LocalPipeline.step(out, "Kafka is up on " + servers + "; " + targets * podsPerTarget
                    + " metrics endpoints served");
            List<ServiceProcess> services = new ArrayList<>();
            Map<String, ServiceProcess> byName = new LinkedHashMap<>();
            try (PipelineMeter meter = new PipelineMeter(servers)) {
                for (int e = 0; e < engines; e++) {
                    Map<String, String> props = new LinkedHashMap<>();
                    props.put("kafka.bootstrap.servers", servers);
                    props.put("userscale.engine.policy", policy);
                    props.put("userscale.engine.dry-run", "true");
                    props.put("userscale.engine.parameters.MAX_REPLICAS", "20");
                    props.put("quarkus.log.level", "WARN");
                    byName.put("engine-" + e, start("decision-engine-" + e, java,
                            root.resolve("decision-engine/target/quarkus-app/quarkus-run.jar"), props, logs));
                }
                Map<String, String> actuator = new LinkedHashMap<>();
                actuator.put("kafka.bootstrap.servers", servers);
                actuator.put("userscale.actuator.backend", "dry-run");
                actuator.put("quarkus.log.level", "WARN");
                byName.put("actuator", start("actuator", java,
                        root.resolve("actuator/target/quarkus-app/quarkus-run.jar"), actuator, logs));
                Path config = run.resolve("ingest-targets.properties");
                StringBuilder targetsConfig = new StringBuilder();
                for (int i = 0; i < targets; i++) {
                    String key = "\"bench/t-" + i + "\"";
                    targetsConfig.append("userscale.ingest.targets.").append(key).append(".discovery=static\n");
                    targetsConfig.append("userscale.ingest.targets.").append(key).append(".pods=")
                            .append(String.join(",", farm.podUrls(i))).append('\n');
                }
                Files.writeString(config, targetsConfig);
                Map<String, String> ingest = new LinkedHashMap<>();
                ingest.put("kafka.bootstrap.servers", servers);
                ingest.put("userscale.ingest.interval", intervalS + "s");
                ingest.put("userscale.ingest.scrape-timeout", Math.max(500, intervalS * 800) + "ms");
                ingest.put("quarkus.config.locations", config.toUri().toString());
                ingest.put("quarkus.log.level", "WARN");
                services.addAll(byName.values());
                for (ServiceProcess s : services) {
                    s.awaitReady(Duration.ofSeconds(120));
                }
                LocalPipeline.step(out, engines + " engine(s) and the actuator ready; starting ingest");
                ServiceProcess ingestProcess = start("metrics-ingest", java,
                        root.resolve("metrics-ingest/target/quarkus-app/quarkus-run.jar"), ingest, logs);
                byName.put("ingest", ingestProcess);
                ingestProcess.awaitReady(Duration.ofSeconds(120));
                result = measure(out, meter, farm, byName, broker.pid());
            } finally {
                for (ServiceProcess s : byName.values()) {
                    s.close();
                }
            }
        }
        print(out, result);
        if (json != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), result);
            out.println("figures: " + json.toAbsolutePath());
        }
        return 0;
    }

    private static ServiceProcess start(String name, String java, Path jar, Map<String, String> props, Path logs)
            throws java.io.IOException {
        return ServiceProcess.start(name, java, jar, Ports.pickFree("127.0.0.1"), 0, props, Map.of(), logs,
                SERVICE_FLAGS);
    }

    /** Figures of one run, as printed and written. */
    record Result(int targets, int pods, int intervalS, int engines, int warmupS, int durationS,
                  double scrapesPerSecond,
                  double snapshotsPerSecond, double expectedSnapshotsPerSecond, Map<String, Double> decisionLatencyMs,
                  Map<String, Double> commandLatencyMs, long decisions, long commands, List<Long> lagEvery5s,
                  boolean lagGrowing, int overruns, int rounds, Failover failover,
                  Map<String, Map<String, Double>> services) {
    }

    /** How an engine instance's death was taken over. */
    record Failover(Double seconds, int undecidedSnapshots, int duplicateDecisions) {
    }

    private Result measure(PrintWriter out, PipelineMeter meter, MetricsFarm farm,
                           Map<String, ServiceProcess> services, long brokerPid) throws Exception {
        Map<String, Long> pids = new LinkedHashMap<>();
        services.forEach((name, p) -> pids.put(name, p.pid()));
        pids.put("broker", brokerPid);
        pids.put("farm+meter (this)", ProcessHandle.current().pid());
        long warmupStart = System.currentTimeMillis();
        for (int s = 1; s <= warmupS; s++) {
            Thread.sleep(Math.max(0, warmupStart + s * 1000L - System.currentTimeMillis()));
            if (s % 10 == 0 || s == warmupS) {
                PipelineMeter.Counts c = meter.counts();
                out.printf(Locale.ROOT, "  warm-up %3d/%d s  snapshots %7d  decided %7d  lag %6d%n", s, warmupS,
                        c.snapshots(), c.decided(), c.snapshots() - c.decided());
                out.flush();
            }
        }
        long start = System.currentTimeMillis();
        meter.markStart(start);
        List<Long> lag = new ArrayList<>();
        Long killedAtMs = null;
        Map<String, Double> cpuAtStart = cpuSeconds(pids);
        long scrapesAtStart = farm.scrapes();
        for (int s = 1; s <= durationS; s++) {
            Thread.sleep(Math.max(0, start + s * 1000L - System.currentTimeMillis()));
            if (killAtS != null && s == killAtS) {
                services.get("engine-0").kill();
                killedAtMs = System.currentTimeMillis();
                LocalPipeline.step(out, "killed the first engine instance (SIGKILL)");
            }
            if (s % 5 == 0) {
                PipelineMeter.Counts c = meter.counts();
                lag.add(c.snapshots() - c.decided());
                out.printf(Locale.ROOT, "  %3d s  snapshots %7d  decided %7d  lag %6d  decision p99 %6.0f ms%n", s,
                        c.snapshots(), c.decided(), c.snapshots() - c.decided(), c.p99Ms());
                out.flush();
            }
        }
        long end = System.currentTimeMillis();
        double seconds = (end - start) / 1000.0;
        long scrapes = farm.scrapes() - scrapesAtStart;
        Map<String, Double> cpuAtEnd = cpuSeconds(pids);
        Map<String, Map<String, Double>> perService = new LinkedHashMap<>();
        for (var e : pids.entrySet()) {
            if (!cpuAtEnd.containsKey(e.getKey()) || !cpuAtStart.containsKey(e.getKey())) {
                continue; // gone (the killed engine)
            }
            Map<String, Double> figures = new LinkedHashMap<>();
            double cpu = cpuAtEnd.get(e.getKey()) - cpuAtStart.get(e.getKey());
            figures.put("cpuSeconds", round(cpu));
            figures.put("cores", Math.round(cpu / seconds * 100) / 100.0);
            figures.put("rssMiB", round(rssMiB(e.getValue())));
            perService.put(e.getKey(), figures);
        }
        // ingest stops scraping; what it published is given time to be decided before counting
        services.get("ingest").close();
        LocalPipeline.step(out, "ingest stopped; waiting for the engines to decide what it published");
        meter.awaitDecided(Duration.ofSeconds(30));
        PipelineMeter.Summary sum = meter.summary(start, end, intervalS * 1000L, killedAtMs);
        Failover failover = killedAtMs == null ? null
                : new Failover(sum.takeoverSeconds(), sum.undecided(), sum.duplicateDecisions());
        return new Result(targets, podsPerTarget, intervalS, engines, warmupS, durationS, round(scrapes / seconds),
                round(sum.snapshotsInWindow() / seconds), round((double) targets / intervalS),
                quantiles(sum.decisionLatency()), quantiles(sum.commandLatency()), sum.decisions(), sum.commands(),
                lag, growing(lag), sum.overruns(), sum.rounds(), failover, perService);
    }

    /** Lag grows when the last third of the run holds more than the first third by over half a round. */
    boolean growing(List<Long> lag) {
        int n = lag.size();
        if (n < 3) {
            return false;
        }
        double first = lag.subList(0, n / 3).stream().mapToLong(Long::longValue).average().orElse(0);
        double last = lag.subList(n - n / 3, n).stream().mapToLong(Long::longValue).average().orElse(0);
        return last - first > targets / 2.0;
    }

    private static Map<String, Double> quantiles(Histogram h) {
        Map<String, Double> q = new LinkedHashMap<>();
        q.put("p50", h.getTotalCount() == 0 ? null : (double) h.getValueAtPercentile(50));
        q.put("p99", h.getTotalCount() == 0 ? null : (double) h.getValueAtPercentile(99));
        q.put("max", h.getTotalCount() == 0 ? null : (double) h.getMaxValue());
        return q;
    }

    /** CPU seconds each live process has used so far. */
    private static Map<String, Double> cpuSeconds(Map<String, Long> pids) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        pids.forEach((name, pid) -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .flatMap(h -> h.info().totalCpuDuration()).ifPresent(d -> cpu.put(name, d.toMillis() / 1000.0)));
        return cpu;
    }

    /** Resident memory of a process, MiB, from /proc; NaN where it cannot be read. */
    static double rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // not Linux, or gone
        }
        return Double.NaN;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private void print(PrintWriter out, Result r) {
        out.println();
        out.printf(Locale.ROOT, "%d targets × %d pods every %d s, %d engine(s), %d s measured after %d s of "
                + "warm-up%n", r.targets(), r.pods(), r.intervalS(), r.engines(), r.durationS(), r.warmupS());
        out.printf(Locale.ROOT, "  scrapes/s           %10.1f%n", r.scrapesPerSecond());
        out.printf(Locale.ROOT, "  snapshots/s         %10.1f  (targets ÷ interval: %.1f, %.0f %%)%n",
                r.snapshotsPerSecond(), r.expectedSnapshotsPerSecond(),
                100 * r.snapshotsPerSecond() / r.expectedSnapshotsPerSecond());
        out.printf(Locale.ROOT, "  decision latency    p50 %s ms, p99 %s ms (snapshot published → decision read)%n",
                r.decisionLatencyMs().get("p50"), r.decisionLatencyMs().get("p99"));
        out.printf(Locale.ROOT, "  command latency     p50 %s ms, p99 %s ms (snapshot published → command read; "
                + "%d commands)%n", r.commandLatencyMs().get("p50"), r.commandLatencyMs().get("p99"), r.commands());
        out.printf(Locale.ROOT, "  lag every 5 s       %s (%s)%n", r.lagEvery5s(), r.lagGrowing() ? "GROWING"
                : "not growing");
        out.printf(Locale.ROOT, "  rounds overrun      %d of %d%n", r.overruns(), r.rounds());
        if (r.failover() != null) {
            out.printf(Locale.ROOT, "  failover            taken over in %s s; %d snapshot(s) never decided, %d "
                    + "decided twice%n", r.failover().seconds(), r.failover().undecidedSnapshots(),
                    r.failover().duplicateDecisions());
        }
        out.printf(Locale.ROOT, "  CPU over the run (%d cores here):%n", Runtime.getRuntime().availableProcessors());
        r.services().forEach((name, f) -> out.printf(Locale.ROOT, "    %-18s  %8.1f CPU s  %5.2f cores  %7.0f MiB RSS%n",
                name, f.get("cpuSeconds"), f.get("cores"), f.get("rssMiB")));
        out.flush();
    }
}
