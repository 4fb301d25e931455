package io.userscale.engine.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.management.ThreadMXBean;
import io.userscale.engine.policy.Decider;
import io.userscale.engine.policy.Policies;
import io.userscale.engine.policy.Policy;
import io.userscale.engine.sim.Model;
import io.userscale.engine.sim.Simulation;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.RateTrace;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.contract.TargetSnapshot;
import io.userscale.kafka.codec.ContractCodec;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code userscale bench engine}: how fast the decider and the simulator run, each beside a
 * reference measured in the same process (decoding the same snapshots from JSON; simulating
 * with the trivial {@code seed} policy), so the numbers read as ratios, not as absolute claims.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = "Benchmark the decision engine: decider throughput (snapshots/s, one thread, 10 pods each) "
                + "and simulation speed (simulated s per wall s, all four policies, a 14-day trace at 1 s steps, "
                + "fluid and Poisson arrivals).")
public final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "engine", description = "What to benchmark: engine.")
    String what;

    @Option(names = "--seconds", defaultValue = "5", description = "Measuring time per decider run, s (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--sim-days", defaultValue = "14", description = "Length of the simulated trace, days (default: ${DEFAULT-VALUE}).")
    int simDays;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON.")
    Path json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        List<TargetSnapshot> snapshots = snapshots(500, 10);
        List<byte[]> encoded = new ArrayList<>();
        var codec = ContractCodec.of(ContractType.TARGET_SNAPSHOT);
        for (TargetSnapshot s : snapshots) {
            encoded.add(codec.encode(s));
        }
        out.println("decider, one thread, 10 pods per snapshot (" + seconds + " s each, median of 3 rounds):");
        Map<String, Object> results = new LinkedHashMap<>();
        double decodePerSecond = measure(seconds, () -> {
            long n = 0;
            for (byte[] b : encoded) {
                if (codec.decode(b) != null) {
                    n++;
                }
            }
            return n;
        });
        out.printf(Locale.ROOT, "  %-34s %,14.0f snapshots/s%n", "reference: JSON decode + validate", decodePerSecond);
        Map<String, Double> perPolicy = new LinkedHashMap<>();
        Map<String, Double> bytesPerPolicy = new LinkedHashMap<>();
        List<String> deciders = new ArrayList<>(Simulation.DEFAULT_POLICIES);
        deciders.add(1, "userscale-v1"); // the threshold rules it replaced, for what the model costs
        for (String name : deciders) {
            double rate = measure(seconds, () -> decideAll(Policies.byName(name), snapshots));
            perPolicy.put(name, rate);
            double bytes = allocatedPerItem(() -> decideAll(Policies.byName(name), snapshots));
            bytesPerPolicy.put(name, bytes);
            out.printf(Locale.ROOT, "  %-34s %,14.0f snapshots/s  (%.1f× the reference)%s%n", "decide with " + name,
                    rate, rate / decodePerSecond, Double.isNaN(bytes) ? ""
                            : String.format(Locale.ROOT, ", %.1f kB allocated a decision", bytes / 1000));
        }
        results.put("snapshotsPerSecond", perPolicy.get("userscale"));
        results.put("snapshotsPerSecondByPolicy", perPolicy);
        results.put("allocatedBytesPerDecisionByPolicy", bytesPerPolicy);
        results.put("referenceDecodeSnapshotsPerSecond", decodePerSecond);

        RateTrace trace = longTrace(simDays);
        Model model = Model.defaults();
        out.printf(Locale.ROOT, "simulation, %d days at 1 s steps (%,d s), all four policies:%n", simDays, trace.seconds());
        long began = System.nanoTime();
        Simulation.compare(trace, model, Simulation.DEFAULT_POLICIES, Map.of(), f -> { });
        double wall = (System.nanoTime() - began) / 1e9;
        double simulated = (double) trace.seconds() * Simulation.DEFAULT_POLICIES.size();
        began = System.nanoTime();
        Simulation.compare(trace, model, List.of("seed"), Map.of(), f -> { });
        double seedWall = (System.nanoTime() - began) / 1e9;
        out.printf(Locale.ROOT, "  %-34s %10.1f s wall, %,14.0f simulated s per wall s%n", "all four policies", wall,
                simulated / wall);
        out.printf(Locale.ROOT, "  %-34s %10.1f s wall (all four: %.1f× one seed run)%n", "reference: seed alone", seedWall,
                wall / seedWall);
        began = System.nanoTime();
        Simulation.compare(Simulation.Setup.of(trace, model, io.userscale.engine.sim.Arrivals.POISSON, 1),
                Simulation.DEFAULT_POLICIES, Map.of(), p -> Simulation.Sink.NONE, f -> { });
        double poissonWall = (System.nanoTime() - began) / 1e9;
        out.printf(Locale.ROOT, "  %-34s %10.1f s wall (%.1f× fluid)%n", "all four, Poisson arrivals", poissonWall,
                poissonWall / wall);
        results.put("poissonSimulationWallSeconds", poissonWall);
        results.put("simulatedSecondsPerWallSecond", simulated / wall);
        results.put("simulationWallSeconds", wall);
        results.put("simulatedDays", simDays);
        results.put("referenceSeedOnlyWallSeconds", seedWall);
        results.put("java", Runtime.version().toString());
        results.put("cpus", Runtime.getRuntime().availableProcessors());
        if (json != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), results);
            out.println("wrote " + json);
        }
        return 0;
    }

    interface Work {
        long run();
    }

    /**
     * Runs {@code work} repeatedly after a warm-up, in three rounds sharing {@code seconds};
     * returns the median round's items per second (the machine's noise moves single rounds).
     */
    /**
     * Bytes the JVM allocated on this thread per item of {@code work}, over one run: unlike speed, the
     * same on a busy machine as on a quiet one. NaN where the JVM does not count them.
     */
    static double allocatedPerItem(Work work) {
        if (!(ManagementFactory.getThreadMXBean() instanceof ThreadMXBean mx)
                || !mx.isThreadAllocatedMemorySupported() || !mx.isThreadAllocatedMemoryEnabled()) {
            return Double.NaN;
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        long items = work.run();
        return items == 0 ? Double.NaN : (mx.getCurrentThreadAllocatedBytes() - before) / (double) items;
    }

    static double measure(double seconds, Work work) {
        long warmEnd = System.nanoTime() + (long) (Math.min(2, seconds) * 1e9);
        while (System.nanoTime() < warmEnd) {
            work.run();
        }
        double[] rounds = new double[3];
        for (int r = 0; r < rounds.length; r++) {
            long items = 0;
            long began = System.nanoTime();
            long end = began + (long) (seconds / rounds.length * 1e9);
            while (System.nanoTime() < end) {
                items += work.run();
            }
            rounds[r] = items / ((System.nanoTime() - began) / 1e9);
        }
        java.util.Arrays.sort(rounds);
        return rounds[1];
    }

    /** Checks every option before anything is measured. */
    void validate() {
        if (!"engine".equals(what)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown benchmark '" + what + "'; known: engine, matmul, loadgen, startup, pipeline");
        }
        if (!(seconds >= 0.1 && seconds <= 3600)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seconds must be 0.1-3600, got " + seconds);
        }
        if (simDays < 1 || simDays > 365) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sim-days must be 1-365, got " + simDays);
        }
    }

    private static <S> long decideAll(Policy<S> policy, List<TargetSnapshot> snapshots) {
        Decider<S> decider = new Decider<>(policy);
        var state = decider.initialState();
        long n = 0;
        for (TargetSnapshot s : snapshots) {
            var outcome = decider.decide(state, s, null);
            state = outcome.state();
            n++;
        }
        return n;
    }

    static List<TargetSnapshot> snapshots(int count, int pods) {
        Random r = new Random(1);
        TargetRef target = TargetRef.deployment("bench", "gpu-app");
        Instant t0 = Instant.parse("2026-11-27T00:00:00Z");
        List<TargetSnapshot> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Instant ts = t0.plusSeconds(5L * i);
            List<TargetSnapshot.PodSample> samples = new ArrayList<>(pods);
            for (int p = 0; p < pods; p++) {
                double n = 20 + r.nextInt(40);
                double below100 = Math.floor(n * 0.6);
                var latency = new TargetSnapshot.LatencyHistogram(n, n * 80, Map.of("25", Math.floor(n * 0.1),
                        "50", Math.floor(n * 0.3), "100", below100, "250", Math.floor(n * 0.9), "500", n - 1,
                        "1000", n, "+Inf", n));
                samples.add(new TargetSnapshot.PodSample("gpu-app-" + p, true, t0.minusSeconds(600),
                        (double) r.nextInt(20), 20 + r.nextDouble() * 60, null, n, latency, 1 + r.nextDouble()));
            }
            out.add(new TargetSnapshot(target, ts, 5000, new TargetSnapshot.Replicas(pods, pods), samples));
        }
        return out;
    }

    /** A synthetic diurnal trace with weekly swing and noise, {@code days} long at 1 s steps. */
    static RateTrace longTrace(int days) {
        Random r = new Random(7);
        int n = days * 86_400;
        double[] rates = new double[n];
        for (int t = 0; t < n; t++) {
            double day = Math.sin(2 * Math.PI * t / 86_400.0);
            double week = Math.sin(2 * Math.PI * t / (7 * 86_400.0));
            double mean = 200 + 120 * day + 40 * week;
            rates[t] = Math.max(0, mean + r.nextGaussian() * Math.sqrt(mean));
        }
        return new RateTrace("synthetic-" + days + "d-1s", 1, rates);
    }
}
