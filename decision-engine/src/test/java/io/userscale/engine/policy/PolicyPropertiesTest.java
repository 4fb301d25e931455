package io.userscale.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.userscale.engine.signal.Observation;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.contract.TargetSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Invariants of every policy over random observation streams, the loop closed as in a cluster.
 * Each property runs over many seeded streams; a failure names its seed, so it can be replayed
 * exactly with {@link #stream(long)}.
 */
class PolicyPropertiesTest {

    static final int STREAMS = 400;

    /** One observation's worth of randomness; NaN is "unknown", out-of-range values are included. */
    record Step(int dtSeconds, double users, double cpu, double latency, double gpu, int readyLag) {
    }

    /** A random stream: up to 120 steps, 1–40 s apart, each signal unknown a third of the time. */
    static List<Step> stream(long seed) {
        Random r = new Random(seed);
        int n = 1 + r.nextInt(120);
        List<Step> steps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            steps.add(new Step(1 + r.nextInt(40), maybe(r, 0, 600), maybe(r, 0, 100), maybe(r, 1, 5000),
                    maybe(r, 0, 100), r.nextInt(4)));
        }
        return steps;
    }

    private static double maybe(Random r, double lo, double hi) {
        return r.nextInt(3) == 0 ? Double.NaN : lo + r.nextDouble() * (hi - lo);
    }

    /** Checks a property on every seeded stream, naming the seed of a failure. */
    static void forAllStreams(BiConsumer<Long, List<Step>> property) {
        for (long seed = 1; seed <= STREAMS; seed++) {
            List<Step> stream = stream(seed);
            try {
                property.accept(seed, stream);
            } catch (AssertionError e) {
                throw new AssertionError("property fails for stream(" + seed + "): " + e.getMessage(), e);
            }
        }
    }

    static final Map<String, String> BOUNDS = Map.of("MIN_REPLICAS", "2", "MAX_REPLICAS", "15");

    @Test
    void replicasStayWithinBounds() {
        forAllStreams((seed, stream) -> {
            for (String name : Policies.names()) {
                for (Evaluation<?> e : run(Policies.byName(name, BOUNDS), stream)) {
                    assertThat(e.target()).as("%s", name).isBetween(2, 15);
                }
            }
        });
    }

    @Test
    void policiesOfOurOwnNeverScaleDownOnStaleOrMissingData() {
        forAllStreams((seed, stream) -> neverScaleDownOnStaleData(stream));
    }

    static void neverScaleDownOnStaleData(List<Step> stream) {
        for (String name : List.of("userscale", "userscale-v1", "seed", "seed-aggressive", "seed-conservative")) {
            Policy<?> policy = Policies.byName(name, BOUNDS);
            long staleMs = policy.params().millis(Param.STALE_AFTER);
            long[] lastSeen = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
            long t = 0;
            List<Evaluation<?>> evaluations = run(policy, stream);
            for (int i = 0; i < stream.size(); i++) {
                Step s = stream.get(i);
                t += s.dtSeconds() * 1000L;
                double[] values = {s.users(), s.cpu(), s.latency(), s.gpu()};
                boolean anyFresh = false;
                boolean staleSeen = false;
                for (int k = 0; k < 4; k++) {
                    if (!Double.isNaN(values[k])) {
                        lastSeen[k] = t;
                    }
                    if (lastSeen[k] != Long.MIN_VALUE) {
                        boolean fresh = t - lastSeen[k] <= staleMs;
                        anyFresh |= fresh;
                        staleSeen |= !fresh;
                    }
                }
                Evaluation<?> e = evaluations.get(i);
                if (!anyFresh || staleSeen) {
                    assertThat(e.target()).as("%s at step %d", name, i).isGreaterThanOrEqualTo(e.current());
                }
            }
        }
    }

    @Test
    void stepLimitsAndCooldownHoldOutsideBursts() {
        forAllStreams((seed, stream) -> stepLimitsAndCooldown(stream));
    }

    static void stepLimitsAndCooldown(List<Step> stream) {
        for (String name : List.of("userscale-v1", "seed", "seed-aggressive", "seed-conservative")) {
            Policy<?> policy = Policies.byName(name, BOUNDS);
            PolicyParams p = policy.params();
            long t = 0;
            long lastChange = Long.MIN_VALUE / 4;
            int lastDirection = 0;
            List<Evaluation<?>> evaluations = run(policy, stream);
            for (int i = 0; i < stream.size(); i++) {
                t += stream.get(i).dtSeconds() * 1000L;
                Evaluation<?> e = evaluations.get(i);
                if (e.target() == e.current()) {
                    continue;
                }
                int dir = e.target() > e.current() ? 1 : -1;
                if (e.mode() == Decision.Mode.NORMAL) {
                    int limit = dir > 0
                            ? Stabilizers.upStep(e.current(), p.getInt(Param.SCALE_UP_STEP), p.get(Param.SCALE_UP_PERCENT))
                            : Stabilizers.downStep(e.current(), p.getInt(Param.SCALE_DOWN_STEP),
                                    p.get(Param.SCALE_DOWN_PERCENT));
                    assertThat(Math.abs(e.target() - e.current())).as("%s step at %d", name, i).isLessThanOrEqualTo(limit);
                    long cooldown = dir > 0 && lastDirection > 0
                            ? Math.min(p.millis(Param.COOLDOWN_PERIOD), p.millis(Param.SCALE_UP_REPEAT_COOLDOWN))
                            : p.millis(Param.COOLDOWN_PERIOD);
                    assertThat(t - lastChange).as("%s cooldown at %d", name, i).isGreaterThanOrEqualTo(cooldown);
                }
                lastChange = t;
                lastDirection = dir;
            }
        }
    }

    @Test
    void replayingAStreamReproducesTheLiveDecisionsEvenWithRedeliveries() {
        forAllStreams((seed, stream) -> {
            for (String name : Policies.names()) {
                replayEqualsLive(name, stream);
            }
        });
    }

    /**
     * The real path: the live decisions' snapshots written as a recording, run through
     * {@code userscale replay} (the command, reading the file), give the live decisions back
     * field for field, for every policy.
     */
    @Test
    void theReplayCommandGivesTheLiveDecisionsBack(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        var mapper = io.userscale.kafka.codec.ContractJson.mapper();
        for (long seed = 1; seed <= 10; seed++) {
            List<TargetSnapshot> snapshots = snapshots(stream(seed));
            for (String name : Policies.names()) {
                List<Decision> live = decide(new Decider<>(Policies.byName(name, BOUNDS)), snapshots);
                assertThat(live).isNotEmpty();
                java.nio.file.Path rec = dir.resolve(name + "-" + seed + ".jsonl");
                java.nio.file.Path out = dir.resolve(name + "-" + seed + "-replayed.jsonl");
                List<String> lines = new ArrayList<>();
                lines.add(mapper.writeValueAsString(io.userscale.engine.tools.Recording.policy(snapshots.get(0).key(),
                        live.get(0).policy())));
                for (int i = 0; i < snapshots.size(); i++) {
                    lines.add(mapper.writeValueAsString(io.userscale.engine.tools.Recording.snapshot(
                            "userscale.metrics", 0, i, snapshots.get(i))));
                }
                java.nio.file.Files.write(rec, lines);
                var cli = io.userscale.engine.tools.EngineTools.commandLine();
                cli.setErr(new java.io.PrintWriter(java.io.Writer.nullWriter()));
                assertThat(cli.execute("replay", "--input", rec.toString(), "--output", out.toString())).isZero();
                List<Decision> replayed = new ArrayList<>();
                for (String line : java.nio.file.Files.readAllLines(out)) {
                    replayed.add(mapper.readValue(line, Decision.class));
                }
                assertThat(replayed).as("%s, stream %d", name, seed).hasSameSizeAs(live);
                for (int i = 0; i < live.size(); i++) {
                    // the recording says where each snapshot was read; live here had no source
                    Decision l = live.get(i);
                    assertThat(withoutInput(mapper, replayed.get(i))).as("%s, stream %d, decision %d", name, seed, i)
                            .isEqualTo(withoutInput(mapper, l));
                }
            }
        }
    }

    static com.fasterxml.jackson.databind.JsonNode withoutInput(com.fasterxml.jackson.databind.ObjectMapper mapper,
                                                              Decision d) throws Exception {
        return ((com.fasterxml.jackson.databind.node.ObjectNode) mapper.valueToTree(d)).without("input");
    }

    static void replayEqualsLive(String name, List<Step> stream) {
        var decider = new Decider<>(Policies.byName(name, BOUNDS));
        List<TargetSnapshot> snapshots = snapshots(stream);
        List<Decision> live = decide(decider, snapshots);
        // at-least-once delivery: every snapshot may arrive again, later
        List<TargetSnapshot> redelivered = new ArrayList<>();
        for (int i = 0; i < snapshots.size(); i++) {
            redelivered.add(snapshots.get(i));
            if (i % 3 == 1) {
                redelivered.add(snapshots.get(i));
                redelivered.add(snapshots.get(i - 1));
            }
        }
        assertThat(decide(decider, redelivered)).isEqualTo(live);
    }

    /** Runs a stream in a closed loop: the next observation's replicas are the last target. */
    static <S> List<Evaluation<?>> run(Policy<S> policy, List<Step> stream) {
        List<Evaluation<?>> out = new ArrayList<>();
        S state = policy.initialState();
        int replicas = 4;
        long t = 0;
        for (Step s : stream) {
            t += s.dtSeconds() * 1000L;
            int ready = Math.max(0, replicas - s.readyLag());
            Observation o = new Observation(t, 5000, replicas, ready, replicas - ready, 0, s.users(), s.cpu(),
                    s.gpu(), s.latency(), Double.NaN, Double.isNaN(s.users()) ? Double.NaN : s.users() / 5, 0);
            Evaluation<S> e = policy.evaluate(state, o);
            out.add(e);
            state = e.state();
            replicas = e.target();
        }
        return out;
    }

    /** The same stream as snapshots of one pod-group, closed-loop on the decisions' replicas. */
    static List<TargetSnapshot> snapshots(List<Step> stream) {
        List<TargetSnapshot> out = new ArrayList<>();
        Instant t = Instant.parse("2026-11-27T00:00:00Z");
        for (Step s : stream) {
            t = t.plusSeconds(s.dtSeconds());
            var pod = new TargetSnapshot.PodSample("p", true, Instant.parse("2026-11-26T00:00:00Z"), nullIfNaN(s.users()),
                    nullIfNaN(s.cpu()), nullIfNaN(s.gpu()), 10.0, null, null);
            out.add(new TargetSnapshot(TargetRef.deployment("ns", "app"), t, 5000, new TargetSnapshot.Replicas(4, 4),
                    List.of(pod)));
        }
        return out;
    }

    static <S> List<Decision> decide(Decider<S> decider, List<TargetSnapshot> snapshots) {
        List<Decision> out = new ArrayList<>();
        var state = decider.initialState();
        for (TargetSnapshot snap : snapshots) {
            var outcome = decider.decide(state, snap, null);
            state = outcome.state();
            if (outcome instanceof Decider.Outcome.Decided<S> d) {
                out.add(d.decision());
            }
        }
        return out;
    }

    private static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
