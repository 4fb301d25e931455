package io.userscale.engine.sim;

import io.userscale.engine.policy.Policies;
import io.userscale.engine.policy.Policy;
import io.userscale.kafka.contract.RateTrace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * The evaluation grid: traces × scenarios × policies, each cell also run with the HPA at every
 * CPU target of the {@link Frontier}, and each policy's run given its verdict against them, and set
 * beside the fixed deployment its cost would have bought ({@link Frontier.Fixed}).
 */
public final class Grid {

    /**
     * One run in a cell.
     *
     * @param policy          the policy's name ({@code hpa} for frontier runs)
     * @param cpuTarget       the HPA's CPU target for frontier runs, else {@code null}
     * @param version         the policy's version (rules and parameters)
     * @param violations      SLO-violation seconds
     * @param replicaSeconds  cost
     * @param oracleRatio     cost over the oracle's
     * @param scaleOperations replica changes
     * @param peakP95Ms       the worst second's p95
     * @param elasticity      the SPEC RG elasticity metrics
     */
    public record Run(String policy, Integer cpuTarget, String version, long violations, double replicaSeconds,
                      double oracleRatio, int scaleOperations, double peakP95Ms, Simulation.Elasticity elasticity) {

        static Run of(Simulation.PolicyResult r, Integer cpuTarget) {
            return new Run(r.policy(), cpuTarget, r.version(), r.sloViolationSeconds(), r.replicaSeconds(),
                    r.oracleRatio(), r.scaleOperations(), r.peakP95Ms(), r.elasticity());
        }
    }

    /**
     * One trace under one scenario.
     *
     * @param trace                the trace's name
     * @param seconds              its length, s
     * @param scenario             the setting
     * @param oracleReplicaSeconds the oracle's cost
     * @param policies             one run per policy evaluated
     * @param frontier             the HPA at each CPU target
     * @param fixed                beside each of {@code policies}, in the same order, the fixed deployment its
     *                             cost would have bought ({@link Frontier.Fixed}); empty where not run
     */
    public record Cell(String trace, int seconds, Scenario scenario, double oracleReplicaSeconds, List<Run> policies,
                       List<Run> frontier, List<Frontier.Fixed> fixed) {

        public Cell(String trace, int seconds, Scenario scenario, double oracleReplicaSeconds, List<Run> policies,
                    List<Run> frontier) {
            this(trace, seconds, scenario, oracleReplicaSeconds, policies, frontier, List.of());
        }

        /** The fixed deployment set beside a run of {@link #policies}, or {@code null} where none was run. */
        public Frontier.Fixed fixedFor(Run r) {
            int i = policies.indexOf(r);
            return i >= 0 && i < fixed.size() ? fixed.get(i) : null;
        }

        /** Whether the fixed deployment its cost would have bought dominates a run ({@code false} where none was run). */
        public boolean dominatedByFixed(Run r) {
            Frontier.Fixed f = fixedFor(r);
            return f != null && f.dominates(r.violations(), r.replicaSeconds());
        }

        public List<Frontier.Point> points() {
            return frontier.stream().map(r -> new Frontier.Point(r.cpuTarget(), r.violations(), r.replicaSeconds()))
                    .toList();
        }

        public Frontier.Verdict verdict(Run r) {
            return Frontier.verdict(r.violations(), r.replicaSeconds(), points());
        }

        /**
         * The oracle's own verdict: that of a run meeting the SLO throughout at the least cost that
         * can, with perfect foresight. No run that meets the SLO throughout does better, so where
         * even this is not a clear win, no policy that meets the SLO wins the cell clearly (where
         * the cheapest HPA target without violations costs under {@value Frontier#CLEAR_COST}× the
         * oracle's cost).
         */
        public Frontier.Verdict oracleVerdict() {
            return Frontier.verdict(0, oracleReplicaSeconds, points());
        }
    }

    /**
     * A policy's record over the whole grid.
     *
     * @param policy            its name
     * @param cells             cells evaluated
     * @param notDominated      cells where no HPA target dominates it
     * @param clearWins         cells it wins clearly
     * @param medianOracleRatio median of its cost over the oracle's
     * @param violationSeconds  its SLO-violation seconds summed over the cells
     * @param beatsFixed        cells where the fixed deployment of the same cost does not dominate it, or none
     *                          was run (the oracle's: every cell, as no deployment meeting the SLO throughout
     *                          costs less)
     */
    public record Summary(String policy, int cells, int notDominated, int clearWins, double medianOracleRatio,
                          long violationSeconds, int beatsFixed) {

        public double notDominatedShare() {
            return cells == 0 ? 0 : (double) notDominated / cells;
        }

        public double clearWinShare() {
            return cells == 0 ? 0 : (double) clearWins / cells;
        }
    }

    /** Results of earlier runs that may be reused, looked up by trace, scenario, policy and version. */
    public interface Reuse {
        Reuse NONE = (trace, seconds, scenario, policy, cpuTarget, version) -> null;

        Run find(String trace, int seconds, Scenario scenario, String policy, Integer cpuTarget, String version);
    }

    private Grid() {
    }

    /** The policy a run of the cell uses: a named policy with the scenario's facts, or the HPA at a target. */
    public static Policy<?> policy(Scenario s, String name, Integer cpuTarget, Map<String, String> overrides) {
        Map<String, String> o = cpuTarget == null ? overrides : Policies.hpaAt(cpuTarget);
        return Policies.byName(name, Simulation.simOverrides(s.model(), o));
    }

    /**
     * Runs one cell: every policy and the HPA frontier (the default {@code hpa} shares the frontier's
     * run at 50 % when its parameters are the same).
     *
     * @param progress told the fraction of the cell done
     */
    public static Cell cell(RateTrace trace, Scenario scenario, List<String> policies, Map<String, String> overrides,
                            Reuse reuse, DoubleConsumer progress) {
        Simulation.Setup setup = Simulation.Setup.of(trace, scenario.model(), scenario.arrivals(), scenario.seed());
        record Job(String name, Integer cpuTarget, Policy<?> policy) {
        }
        List<Job> jobs = new ArrayList<>();
        for (int target : Frontier.CPU_TARGETS) {
            jobs.add(new Job("hpa", target, policy(scenario, "hpa", target, Map.of())));
        }
        for (String p : policies) {
            jobs.add(new Job(p, null, policy(scenario, p, null, overrides)));
        }
        Map<String, Run> byVersion = new HashMap<>();
        List<Run> frontier = new ArrayList<>();
        List<Run> runs = new ArrayList<>();
        double parts = jobs.size() + policies.size(); // the runs, then a fixed deployment beside each policy
        for (int i = 0; i < jobs.size(); i++) {
            Job j = jobs.get(i);
            String key = j.policy().name() + "@" + j.policy().version();
            Run r = byVersion.get(key);
            if (r == null) {
                r = reuse.find(trace.name(), setup.seconds(), scenario, j.name(), j.cpuTarget(), j.policy().version());
            }
            if (r == null) {
                int done = i;
                r = Run.of(Simulation.run(j.policy(), setup, Simulation.Sink.NONE,
                        f -> progress.accept((done + f) / parts)), j.cpuTarget());
            }
            byVersion.put(key, r);
            if (j.cpuTarget() != null) {
                frontier.add(r);
            } else {
                runs.add(new Run(r.policy(), null, r.version(), r.violations(), r.replicaSeconds(), r.oracleRatio(),
                        r.scaleOperations(), r.peakP95Ms(), r.elasticity()));
            }
            progress.accept((i + 1.0) / parts);
        }
        // beside each run, the fixed deployment its cost would have bought (one run per count)
        Map<Integer, Frontier.Fixed> byCount = new HashMap<>();
        List<Frontier.Fixed> fixed = new ArrayList<>();
        for (Run r : runs) {
            int count = Math.max(1, (int) Math.floor(r.replicaSeconds() / setup.seconds()));
            fixed.add(byCount.computeIfAbsent(count, n -> Simulation.fixed(setup, n)));
            progress.accept((jobs.size() + fixed.size()) / parts);
        }
        return new Cell(trace.name(), setup.seconds(), scenario, setup.oracle().replicaSeconds(), runs, frontier,
                fixed);
    }

    /** The name of the oracle's record in {@link #summarise}. */
    public static final String ORACLE = "oracle";
    /** What the oracle's record is, for the reader of a summary. */
    public static final String ORACLE_MEANING = "the SLO met throughout at the least cost, with perfect foresight, "
            + "judged alike; its clear wins are the most a policy that meets the SLO can have on this grid";

    /** What the summary's count of cells that beat a fixed deployment is, for the reader of a summary. */
    public static final String FIXED_MEANING = "cells where the fixed deployment the run's cost would have bought "
            + "(its replica-seconds over the trace's seconds, rounded down, held from the start) does not have as few "
            + "violation-seconds at a lower cost, or fewer at no more";

    /**
     * Each policy's record over the cells, in the order the policies first appear, then the
     * oracle's ({@link #ORACLE}; {@link Cell#oracleVerdict}): the most clear wins a policy that
     * meets the SLO throughout could have on this grid.
     */
    public static List<Summary> summarise(List<Cell> cells) {
        Map<String, List<double[]>> rows = new LinkedHashMap<>();
        List<double[]> oracle = new ArrayList<>();
        for (Cell c : cells) {
            for (Run r : c.policies()) {
                rows.computeIfAbsent(r.policy(), k -> new ArrayList<>())
                        .add(tally(c.verdict(r), r.oracleRatio(), r.violations(), !c.dominatedByFixed(r)));
            }
            oracle.add(tally(c.oracleVerdict(), 1, 0, true));
        }
        if (!oracle.isEmpty()) {
            rows.put(ORACLE, oracle);
        }
        List<Summary> out = new ArrayList<>();
        for (var e : rows.entrySet()) {
            List<double[]> l = e.getValue();
            double[] ratios = l.stream().mapToDouble(x -> x[2]).toArray();
            out.add(new Summary(e.getKey(), l.size(), (int) l.stream().mapToDouble(x -> x[0]).sum(),
                    (int) l.stream().mapToDouble(x -> x[1]).sum(), median(ratios),
                    (long) l.stream().mapToDouble(x -> x[3]).sum(), (int) l.stream().mapToDouble(x -> x[4]).sum()));
        }
        return out;
    }

    /**
     * One run's part of a record: not dominated, clear win (1 or 0), cost over the oracle's, violations, not
     * dominated by the fixed deployment of its cost (1 or 0).
     */
    private static double[] tally(Frontier.Verdict v, double oracleRatio, double violations, boolean beatsFixed) {
        return new double[] {v != Frontier.Verdict.DOMINATED ? 1 : 0, v == Frontier.Verdict.CLEAR_WIN ? 1 : 0,
                oracleRatio, violations, beatsFixed ? 1 : 0};
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
