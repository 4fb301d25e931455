package io.userscale.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.codec.Decoded;
import io.userscale.kafka.contract.ActuationResult;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.contract.TargetSnapshot;
import io.userscale.kafka.dlq.DeadLetters;
import io.userscale.kafka.local.Ports;
import io.userscale.kafka.local.ReplicaList;
import io.userscale.kafka.topic.ClientConfigs;
import io.userscale.kafka.topic.Topic;
import io.userscale.kafka.topic.TopicReadBack;
import io.userscale.loadgen.Loadgen;
import io.userscale.loadgen.Scenario;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code userscale chaos}: the whole local loop under a steady, gently waving load, each fault
 * injected in turn, then what the topics say checked against the invariants — no command applied
 * twice, exactly one result per command, no scale-down while metrics are missing, every snapshot
 * after recovery decided, bad records dead-lettered rather than lost, decisions back within two
 * scrape intervals (plus the broker's reconnect) — and no process or port left behind.
 */
@Command(name = "userscale chaos", mixinStandardHelpOptions = true, usageHelpWidth = 100, sortOptions = false,
        description = {"Inject faults into the real local pipeline under load, one after another, and check that "
                + "nothing is lost or done twice and that decisions resume.",
                "Faults: " + ChaosCommand.FAULT_LIST})
public final class ChaosCommand implements Callable<Integer> {

    static final String FAULT_LIST = "engine-kill, ingest-kill, actuator-kill, replica-kill, metrics-hang, "
            + "pod-garbage, garbage, broker-outage, engine-restart-broker-down";
    static final List<String> FAULTS = List.of(FAULT_LIST.split(", "));

    @Option(names = "--faults", split = ",", paramLabel = "F,...", description = "Faults to inject, in order "
            + "(default: all: " + FAULT_LIST + ").")
    List<String> faults = FAULTS;

    @Option(names = "--outage-s", defaultValue = "30", description = "How long the broker or ingest stays down "
            + "(default: ${DEFAULT-VALUE}).")
    int outageS;

    @Option(names = "--hang-s", defaultValue = "60", description = "How long every replica's metrics endpoint "
            + "hangs (metrics-hang) or one answers garbage (pod-garbage) (default: ${DEFAULT-VALUE}).")
    int hangS;

    @Option(names = "--rate", defaultValue = "30", description = "Requests per second at the load's crest; it "
            + "waves between half that and that every 80 s (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the faults' verdicts as JSON.")
    Path json;

    @CommandLine.Mixin
    LoopOptions loop = new LoopOptions(5, 0);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final int WORK_MS = 200;
    private static final int SLOTS = 4;
    private static final int SLO_MS = 400;

    public static void main(String[] args) {
        Cli.run(commandLine(), args);
    }

    public static CommandLine commandLine() {
        return Cli.of(new ChaosCommand(), "chaos");
    }

    /** One fault as it ran. */
    record Injected(String name, long fromMs, long clearedMs, List<ChaosLedger.Garbage> garbage,
                    Double recoverySeconds, double boundSeconds, List<String> notes) {
    }

    /** One fault's verdict, as printed and written. */
    record Outcome(String name, boolean survived, int lostRecords, int duplicateActuations, int duplicateDecisions,
                   int undecidedSnapshots, int scaleDownsWithoutMetrics, Double recoverySeconds, double boundSeconds,
                   List<String> notes) {
    }

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        Path root = Path.of(System.getProperty("userscale.root", ".")).toAbsolutePath().normalize();
        Path home = Path.of(System.getProperty("userscale.home", root.resolve(".userscale").toString()));
        List<Injected> injected = new ArrayList<>();
        Set<Long> replicaPids = new LinkedHashSet<>();
        List<Long> processes;
        List<Integer> ports = new ArrayList<>();
        ChaosLedger ledger;
        LocalPipeline.step(out, String.format(Locale.ROOT, "chaos: %s; load waving between %.0f and %.0f req/s, "
                + "scrape every %d s", String.join(", ", faults), rate / 2, rate, loop.interval));
        long runStart;
        Path faultDir = home.resolve("chaos").resolve("faults");
        LocalPipeline.deleteTree(faultDir);
        Files.createDirectories(faultDir);
        try (LocalPipeline pipeline = new LocalPipeline(out, null)) {
            pipeline.start(new LocalPipeline.Settings(root, home.resolve("chaos"), null, loop.port, 1,
                    loop.maxReplicas, loop.interval, "userscale", Map.of("LATENCY_TARGET_MS", Integer.toString(SLO_MS)),
                    Map.of("gpuapp.model-slots", Integer.toString(SLOTS), "gpuapp.fault-dir", faultDir.toString())));
            runStart = System.currentTimeMillis();
            ports.add(pipeline.servingPort());
            Thread load = startLoad(pipeline);
            pipeline.attachLoad(load);
            Faults f = new Faults(pipeline, out, replicaPids, faultDir);
            f.idle(20, "warming up");
            for (String name : faults) {
                LocalPipeline.step(out, "fault: " + name);
                Injected i = f.inject(name);
                injected.add(i);
                out.printf(Locale.ROOT, "  %s: %s%n", name, i.recoverySeconds() == null ? "did not recover"
                        : String.format(Locale.ROOT, "recovered in %.1f s", i.recoverySeconds()));
                out.flush();
                f.idle(3 * loop.interval + 4, "settling");
            }
            load.interrupt();
            load.join(10_000);
            f.idle(2 * loop.interval + 3, "letting the last records through");
            ledger = read(pipeline.bootstrap(), runStart,
                    System.currentTimeMillis() - (2L * loop.interval + 3) * 1000);
            processes = pipeline.startedProcesses();
        }
        List<String> leftBehind = leftBehind(processes, replicaPids, ports);
        List<Outcome> outcomes = new ArrayList<>();
        for (int k = 0; k < injected.size(); k++) {
            Injected i = injected.get(k);
            long until = k + 1 < injected.size() ? injected.get(k + 1).fromMs() : Long.MAX_VALUE;
            var v = ledger.judge(new ChaosLedger.Window(i.fromMs(), i.clearedMs(), until, i.garbage()));
            List<String> notes = new ArrayList<>(i.notes());
            notes.addAll(v.notes());
            boolean recovered = i.recoverySeconds() != null && i.recoverySeconds() <= i.boundSeconds();
            outcomes.add(new Outcome(i.name(), v.holds() && recovered, v.lostRecords(), v.duplicateActuations(),
                    v.duplicateDecisions(), v.undecidedSnapshots(), v.scaleDownsWithoutMetrics(), i.recoverySeconds(),
                    i.boundSeconds(), notes));
        }
        table(out, outcomes, leftBehind);
        if (json != null) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("intervalS", loop.interval);
            doc.put("outageS", outageS);
            doc.put("faults", outcomes);
            doc.put("leftBehind", leftBehind);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), doc);
            out.println("verdicts: " + json.toAbsolutePath());
        }
        out.flush();
        return outcomes.stream().allMatch(Outcome::survived) && leftBehind.isEmpty() ? 0 : 1;
    }

    void validate() {
        for (String f : faults) {
            if (!FAULTS.contains(f)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--faults: unknown fault '" + f
                        + "'; known: " + FAULT_LIST);
            }
        }
        if (outageS < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--outage-s must be at least 1, got " + outageS);
        }
        if (hangS < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--hang-s must be at least 1, got " + hangS);
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be above 0, got " + rate);
        }
        loop.validate(spec.commandLine());
    }

    /** Open-loop load on the modelled device, waving between half the rate and the rate every 80 s. */
    private Thread startLoad(LocalPipeline pipeline) {
        Loadgen.Plan plan = new Loadgen.Plan(URI.create("http://127.0.0.1:" + pipeline.servingPort() + "/"),
                Scenario.TRACE, 400, 24 * 3600, 0, WORK_MS, 1, Duration.ofSeconds(30), 1, 1,
                "/api/work?ms=" + WORK_MS + "&device=model");
        return Thread.ofPlatform().name("chaos-load").start(() -> {
            try {
                Loadgen.runOpen(plan, t -> rate * (0.75 + 0.25 * Math.sin(2 * Math.PI * t / 80.0)),
                        new PrintWriter(OutputStream.nullOutputStream()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** The faults, each injected and cleared on the running pipeline, with recovery measured live. */
    private final class Faults {
        private final LocalPipeline pipeline;
        private final PrintWriter out;
        private final Set<Long> replicaPids;
        private final Path faultDir;

        Faults(LocalPipeline pipeline, PrintWriter out, Set<Long> replicaPids, Path faultDir) {
            this.pipeline = pipeline;
            this.out = out;
            this.replicaPids = replicaPids;
            this.faultDir = faultDir;
        }

        Injected inject(String name) throws Exception {
            noteReplicas();
            double decideBound = 2.0 * loop.interval + 1;
            double reconnectBound = 2.0 * loop.interval + 15;
            long from = System.currentTimeMillis();
            List<String> notes = new ArrayList<>();
            return switch (name) {
                case "engine-kill" -> {
                    pipeline.kill("decision-engine");
                    pipeline.restart("decision-engine", true);
                    long cleared = System.currentTimeMillis();
                    yield new Injected(name, from, cleared, List.of(), decisionsResume(cleared, 60),
                            decideBound, notes);
                }
                case "ingest-kill" -> {
                    pipeline.kill("metrics-ingest");
                    idle(outageS, "metrics-ingest down");
                    pipeline.restart("metrics-ingest", true);
                    long cleared = System.currentTimeMillis();
                    yield new Injected(name, from, cleared, List.of(), decisionsResume(cleared, 60),
                            decideBound, notes);
                }
                case "actuator-kill" -> {
                    int before = pipeline.watch().commands().size();
                    boolean inFlight = waitFor(() -> pipeline.watch().commands().size() > before, 90);
                    pipeline.kill("actuator");
                    notes.add(inFlight ? "killed as a command was published" : "no command came within 90 s; "
                            + "killed between commands");
                    notes.add("the local backend's replicas end with the actuator that runs them");
                    pipeline.restart("actuator", true);
                    long cleared = System.currentTimeMillis();
                    int results = pipeline.watch().actuations().size();
                    // the first command after the restart (the one in flight, redelivered, or the next the
                    // engine sends) gets its result: recovery is how long after the later of the restart and
                    // that command's publication
                    Double recovered = null;
                    if (waitFor(() -> pipeline.watch().actuations().size() > results, 120)) {
                        long seen = System.currentTimeMillis();
                        String id = pipeline.watch().actuations().get(results).value().commandId();
                        long issued = pipeline.watch().commands().stream().filter(c -> c.value().commandId().equals(id))
                                .mapToLong(c -> c.value().issuedAt().toEpochMilli()).findFirst().orElse(cleared);
                        recovered = (seen - Math.max(cleared, issued)) / 1000.0;
                        notes.add(String.format(Locale.ROOT, "first result %.1f s after the restart",
                                (seen - cleared) / 1000.0));
                    }
                    yield new Injected(name, from, cleared, List.of(), recovered, reconnectBound, notes);
                }
                case "replica-kill" -> {
                    List<ReplicaList.Replica> replicas = pipeline.replicas();
                    long ready = replicas.stream().filter(ReplicaList.Replica::ready).count();
                    // a ready one: a replica still starting would be no loss to notice
                    ReplicaList.Replica victim = replicas.stream().filter(ReplicaList.Replica::ready)
                            .reduce((x, y) -> y).orElse(replicas.getLast());
                    ProcessHandle.of(victim.pid()).ifPresent(h -> {
                        h.destroyForcibly();
                        h.onExit().join();
                    });
                    long cleared = System.currentTimeMillis();
                    notes.add("killed " + victim.name() + " of " + replicas.size());
                    // replaced: the killed one gone from the list, as many ready as before
                    Double recovered = waitFor(() -> readyReplicas() >= ready && replicaGone(victim.pid()), 90)
                            ? (System.currentTimeMillis() - cleared) / 1000.0 : null;
                    noteReplicas();
                    yield new Injected(name, from, cleared, List.of(), recovered, 60, notes);
                }
                case "metrics-hang" -> {
                    Path all = faultDir.resolve("all");
                    Files.writeString(all, "hang");
                    idle(hangS, "every replica's /q/metrics hanging");
                    Files.delete(all);
                    long cleared = System.currentTimeMillis();
                    yield new Injected(name, from, cleared, List.of(), freshDecisions(cleared, 60), decideBound,
                            notes);
                }
                case "pod-garbage" -> {
                    List<ReplicaList.Replica> replicas = pipeline.replicas();
                    ReplicaList.Replica victim = replicas.getFirst();
                    Path file = faultDir.resolve(Long.toString(victim.pid()));
                    Files.writeString(file, "garbage");
                    notes.add(victim.name() + " of " + replicas.size() + " answered garbage");
                    idle(hangS, victim.name() + "'s /q/metrics answering garbage");
                    Files.delete(file);
                    long cleared = System.currentTimeMillis();
                    yield new Injected(name, from, cleared, List.of(), freshDecisions(cleared, 60), decideBound,
                            notes);
                }
                case "garbage" -> {
                    List<ChaosLedger.Garbage> garbage = garbage(pipeline.bootstrap());
                    long cleared = System.currentTimeMillis();
                    yield new Injected(name, from, cleared, garbage, decisionsResume(cleared, 60), decideBound,
                            notes);
                }
                case "broker-outage" -> {
                    pipeline.killBroker();
                    idle(outageS, "broker down");
                    pipeline.restartBroker();
                    long cleared = System.currentTimeMillis();
                    yield new Injected(name, from, cleared, List.of(), decisionsResume(cleared, 120),
                            reconnectBound, notes);
                }
                case "engine-restart-broker-down" -> {
                    pipeline.killBroker();
                    pipeline.kill("decision-engine");
                    pipeline.restart("decision-engine", false);
                    idle(outageS, "broker down, decision-engine restarted");
                    pipeline.restartBroker();
                    pipeline.awaitReady("decision-engine", Duration.ofSeconds(120));
                    long cleared = System.currentTimeMillis();
                    yield new Injected(name, from, cleared, List.of(), decisionsResume(cleared, 120),
                            reconnectBound, notes);
                }
                default -> throw new IllegalArgumentException("unknown fault " + name);
            };
        }

        /** Seconds from {@code clearedMs} until a decision on a snapshot scraped after it is seen; null: none in time. */
        private Double decisionsResume(long clearedMs, int timeoutS) throws InterruptedException {
            return decisionsResume(clearedMs, timeoutS, d -> true);
        }

        /** As {@link #decisionsResume(long, int)}, for a decision that no longer holds on stale or missing metrics. */
        private Double freshDecisions(long clearedMs, int timeoutS) throws InterruptedException {
            return decisionsResume(clearedMs, timeoutS, d -> d.blockedBy() != Decision.BlockedBy.STALE_METRICS);
        }

        private Double decisionsResume(long clearedMs, int timeoutS, Predicate<Decision> which)
                throws InterruptedException {
            Instant cleared = Instant.ofEpochMilli(clearedMs);
            boolean seen = waitFor(() -> pipeline.watch().decisions().stream()
                    .anyMatch(d -> !d.value().ts().isBefore(cleared) && which.test(d.value())), timeoutS);
            return seen ? (System.currentTimeMillis() - clearedMs) / 1000.0 : null;
        }

        private boolean waitFor(BooleanSupplier condition, int timeoutS) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutS * 1000L;
            while (System.currentTimeMillis() < deadline) {
                if (condition.getAsBoolean()) {
                    return true;
                }
                Thread.sleep(100);
            }
            return condition.getAsBoolean();
        }

        private long readyReplicas() {
            try {
                return pipeline.replicas().stream().filter(ReplicaList.Replica::ready).count();
            } catch (IOException e) {
                return 0;
            }
        }

        private boolean replicaGone(long pid) {
            try {
                return pipeline.replicas().stream().noneMatch(r -> r.pid() == pid);
            } catch (IOException e) {
                return false;
            }
        }

        private void noteReplicas() throws IOException {
            pipeline.replicas().forEach(r -> replicaPids.add(r.pid()));
        }

        /** Waits {@code seconds}, saying so every 10 s, noting the replicas as they come and go. */
        void idle(int seconds, String what) throws Exception {
            long end = System.currentTimeMillis() + seconds * 1000L;
            long next = System.currentTimeMillis();
            while (System.currentTimeMillis() < end) {
                if (System.currentTimeMillis() >= next) {
                    var snap = pipeline.watch().lastSnapshot();
                    out.printf(Locale.ROOT, "  %s: %d s left, replicas %s%n", what,
                            (end - System.currentTimeMillis() + 999) / 1000,
                            snap == null ? "-" : snap.replicas().ready() + "/" + snap.replicas().spec());
                    out.flush();
                    next += 10_000;
                }
                noteReplicas();
                Thread.sleep(Math.min(500, Math.max(1, end - System.currentTimeMillis())));
            }
        }
    }

    /** Bad records on each topic a service reads: not JSON, wrong shapes, wrong types, a foreign key, no bytes. */
    static List<ChaosLedger.Garbage> garbage(String bootstrap) throws Exception {
        List<String> bodies = List.of("{not json", "[1, 2, 3]", "{}", "null", "",
                "{\"schemaVersion\": 1, \"target\": {\"namespace\": 7}, \"ts\": \"yesterday\"}", "\uFFFD\u0000\u00FF");
        List<ChaosLedger.Garbage> sent = new ArrayList<>();
        try (var producer = new KafkaProducer<byte[], byte[]>(ClientConfigs.bytesProducer(bootstrap))) {
            for (Topic t : List.of(Topic.METRICS, Topic.COMMANDS)) {
                for (String b : bodies) {
                    byte[] value = b.getBytes(StandardCharsets.UTF_8);
                    producer.send(new ProducerRecord<>(t.topicName(),
                            LocalPipeline.TARGET.getBytes(StandardCharsets.UTF_8), value)).get();
                    sent.add(new ChaosLedger.Garbage(t.topicName(), value));
                }
            }
        }
        return sent;
    }

    /** Everything the run published, read back from the topics. */
    static ChaosLedger read(String bootstrap, long sinceMs, long cutoffMs) throws Exception {
        var reader = new TopicReadBack(bootstrap, "userscale-chaos-ledger", Duration.ofSeconds(60), Map.of());
        Instant since = Instant.ofEpochMilli(sinceMs);
        List<ChaosLedger.Snapshot> snapshots = new ArrayList<>();
        ContractCodec<TargetSnapshot> snapshotCodec = ContractCodec.of(ContractType.TARGET_SNAPSHOT);
        reader.read(Topic.METRICS, since, r -> {
            if (snapshotCodec.decode(r.value()) instanceof Decoded.Valid<TargetSnapshot> ok) { // bad ones: apart
                snapshots.add(new ChaosLedger.Snapshot(r.timestamp(), r.partition(), r.offset(),
                        ok.value().pods().stream().anyMatch(p -> p.ready() && silent(p))
                                || !ok.value().pods().isEmpty() && ok.value().pods().stream().allMatch(ChaosCommand::silent)));
            }
        });
        List<Decision> decisions = decoded(reader, Topic.DECISIONS, ContractType.DECISION, since);
        List<ScaleCommand> commands = decoded(reader, Topic.COMMANDS, ContractType.SCALE_COMMAND, since);
        List<ActuationResult> results = decoded(reader, Topic.ACTUATIONS, ContractType.ACTUATION_RESULT, since);
        List<ChaosLedger.DeadLetter> letters = new ArrayList<>();
        reader.read(Topic.DLQ, since, r -> letters.add(new ChaosLedger.DeadLetter(
                DeadLetters.header(r.headers(), DeadLetters.SOURCE_TOPIC).orElse(""), r.value())));
        return new ChaosLedger(snapshots, decisions, commands, results, letters, cutoffMs);
    }

    /** A pod that reported no signal at all. */
    private static boolean silent(TargetSnapshot.PodSample p) {
        return p.activeUsers() == null && p.cpuPercent() == null && p.gpuPercent() == null && p.requests() == null
                && p.inflight() == null && p.latencyMs() == null;
    }

    private static <T extends io.userscale.kafka.contract.ContractRecord> List<T> decoded(TopicReadBack reader,
            Topic topic, ContractType<T> type, Instant since) throws Exception {
        ContractCodec<T> codec = ContractCodec.of(type);
        List<T> found = new ArrayList<>();
        reader.read(topic, since, r -> {
            if (codec.decode(r.value()) instanceof Decoded.Valid<T> ok) {
                found.add(ok.value());
            }
        });
        return found;
    }

    /** Processes still alive and ports still taken after the pipeline closed. */
    static List<String> leftBehind(List<Long> processes, Set<Long> replicaPids, List<Integer> ports)
            throws InterruptedException {
        List<String> left = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 10_000;
        List<Long> all = new ArrayList<>(processes);
        all.addAll(replicaPids);
        for (long pid : all) {
            var h = ProcessHandle.of(pid);
            while (h.isPresent() && h.get().isAlive() && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            if (h.isPresent() && h.get().isAlive()) {
                left.add("process " + pid + " (" + h.get().info().command().orElse("?") + ")");
            }
        }
        for (int p : ports) {
            if (!Ports.isFree("127.0.0.1", p)) {
                left.add("port " + p);
            }
        }
        return left;
    }

    static void table(PrintWriter out, List<Outcome> outcomes, List<String> leftBehind) {
        out.println();
        out.printf(Locale.ROOT, "%-27s %-8s %5s %9s %9s %10s %14s  %s%n", "fault", "survived", "lost", "dup.acts",
                "dup.decs", "undecided", "recovery (≤)", "notes");
        for (Outcome o : outcomes) {
            out.printf(Locale.ROOT, "%-27s %-8s %5d %9d %9d %10d %14s  %s%n", o.name(), o.survived() ? "yes" : "NO",
                    o.lostRecords(), o.duplicateActuations(), o.duplicateDecisions(), o.undecidedSnapshots(),
                    (o.recoverySeconds() == null ? "never" : String.format(Locale.ROOT, "%.1f s", o.recoverySeconds()))
                            + String.format(Locale.ROOT, " (%.0f)", o.boundSeconds()),
                    String.join("; ", o.notes()));
        }
        out.println(leftBehind.isEmpty() ? "nothing left behind: every process started has exited, the serving port "
                + "is free" : "LEFT BEHIND: " + String.join(", ", leftBehind));
    }
}
