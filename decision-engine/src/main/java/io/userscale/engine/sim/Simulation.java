package io.userscale.engine.sim;

import io.userscale.engine.policy.Decider;
import io.userscale.engine.policy.Param;
import io.userscale.engine.policy.Policies;
import io.userscale.engine.policy.Policy;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.RateTrace;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.contract.TargetSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * The closed loop: a demand trace drives the model cluster; its pods are scraped into
 * {@code TargetSnapshot}s that go through the engine's own {@link Decider} (aggregation, the
 * policy, the {@code Decision} and its {@code ScaleCommand}), and each command changes the
 * cluster, as the actuator would. What each policy sees is what it would see in a real cluster:
 *
 * <ul>
 *   <li>{@code userscale} and {@code seed*}: a snapshot every scrape interval;</li>
 *   <li>{@code hpa}: a snapshot every 15 s (its sync) whose metrics cover the 15 s window that ended
 *       {@value #HPA_METRICS_AGE_S} s earlier (kubelet and metrics-server resolution);</li>
 *   <li>{@code kpa}: a snapshot every second (Knative scrapes every second and decides every 2 s).</li>
 * </ul>
 * Every policy starts with {@link Model#initialPods} ready pods and has the same bounds, and is
 * told the SLO as its latency target ({@code LATENCY_TARGET_MS}).
 */
public final class Simulation {

    /** How old HPA's newest metrics window is at a sync. */
    public static final int HPA_METRICS_AGE_S = 7;
    /** The HPA controller's sync period, s. */
    public static final int HPA_SYNC_S = (int) (io.userscale.engine.policy.HpaPolicy.SYNC_MS / 1000);

    /** The default set of policies compared. */
    public static final List<String> DEFAULT_POLICIES = List.of("userscale", "hpa", "kpa", "seed");

    /** Where a run's snapshots and decisions go ({@code simulate --record}, {@code --decisions}). */
    public interface Sink {
        Sink NONE = new Sink() {
        };

        /** A snapshot, before it is decided. */
        default void snapshot(TargetSnapshot snapshot) {
        }

        /** The decision it led to. */
        default void decision(Decision decision) {
        }
    }

    /**
     * What every run of one comparison shares.
     *
     * @param trace    the trace's name
     * @param rates    requests per second, one per simulated second
     * @param model    the model cluster's parameters
     * @param arrivals fluid or Poisson
     * @param seed     the seed of Poisson arrivals and routing
     * @param oracle   the oracle's schedule, for costs and the elasticity metrics
     * @param bucketS  seconds per chart point
     * @param hpaPhaseS seconds into the run of the HPA's first sync (0 to 14; its syncs every 15 s from there)
     */
    public record Setup(String trace, double[] rates, Model model, Arrivals arrivals, long seed,
                        Oracle.Schedule oracle, int bucketS, int hpaPhaseS) {

        public Setup {
            if (hpaPhaseS < 0 || hpaPhaseS >= HPA_SYNC_S) {
                throw new IllegalArgumentException("the HPA's sync phase must be 0 to " + (HPA_SYNC_S - 1) + " s, got "
                        + hpaPhaseS);
            }
        }

        /** The trace scaled to the model, its oracle and chart resolution. */
        public static Setup of(RateTrace trace, Model model, Arrivals arrivals, long seed) {
            double[] rates = Simulation.rates(trace, model);
            return new Setup(trace.name(), rates, model, arrivals, seed, Oracle.schedule(rates, model),
                    Math.max(1, (int) Math.ceil(rates.length / 1500.0)), 0);
        }

        /** The same with the HPA's syncs at {@code phaseS + k × 15} s. */
        public Setup withHpaPhase(int phaseS) {
            return new Setup(trace, rates, model, arrivals, seed, oracle, bucketS, phaseS);
        }

        public int seconds() {
            return rates.length;
        }
    }

    /**
     * Chart series, one point per bucket of {@code bucketS} seconds.
     *
     * @param replicas mean replicas asked for per bucket
     * @param p95      highest p95 per bucket
     */
    public record Series(double[] replicas, double[] p95) {
    }

    /**
     * The SPEC Research Group's elasticity metrics (Herbst et al., TOMPECS 2018), with demand the
     * oracle's ready pods and supply the policy's, per simulated second, in percent.
     *
     * @param thetaU  under-provisioning accuracy: mean of {@code max(d − s, 0) / d}
     * @param thetaO  over-provisioning accuracy: mean of {@code max(s − d, 0) / d}
     * @param tauU    under-provisioning timeshare: share of seconds with {@code s < d}
     * @param tauO    over-provisioning timeshare: share of seconds with {@code s > d}
     * @param upsilon instability: share of seconds where supply and demand do not move the same way
     *                ({@code sgn Δs ≠ sgn Δd})
     */
    public record Elasticity(double thetaU, double thetaO, double tauU, double tauO, double upsilon) {
    }

    /**
     * One policy's run.
     *
     * @param policy              its name
     * @param version             its version
     * @param sloViolationSeconds seconds whose p95 exceeded the SLO
     * @param replicaSeconds      sum over seconds of pods asked for (starting pods cost too)
     * @param oracleRatio         replica-seconds over the oracle's
     * @param scaleOperations     decisions that changed the replica count
     * @param peakP95Ms           the worst second's p95
     * @param elasticity          the elasticity metrics against the oracle
     * @param series              for the chart
     */
    public record PolicyResult(String policy, String version, long sloViolationSeconds, double replicaSeconds,
                               double oracleRatio, int scaleOperations, double peakP95Ms, Elasticity elasticity,
                               Series series) {
    }

    /**
     * A whole comparison.
     *
     * @param trace                the trace's name
     * @param seconds              simulated seconds
     * @param peakRate             the peak rate after scaling
     * @param model                the model
     * @param arrivals             fluid or Poisson
     * @param oracleReplicaSeconds the oracle's cost
     * @param oracleSeries         the oracle's ready pods per bucket
     * @param demand               mean rate per bucket
     * @param bucketS              seconds per chart bucket
     * @param policies             one result per policy
     */
    public record Result(String trace, int seconds, double peakRate, Model model, Arrivals arrivals,
                         double oracleReplicaSeconds, double[] oracleSeries, double[] demand, int bucketS,
                         List<PolicyResult> policies) {
    }

    private Simulation() {
    }

    /** The rates per second the model sees: the trace scaled so its peak needs {@code peakPods}. */
    public static double[] rates(RateTrace trace, Model m) {
        return trace.perSecond(m.peakPods() * m.rateAtSlo());
    }

    /** Runs every named policy over the trace, fluid arrivals. */
    public static Result compare(RateTrace trace, Model m, List<String> policyNames, Map<String, String> overrides,
                                 DoubleConsumer progress) {
        return compare(Setup.of(trace, m, Arrivals.FLUID, 1), policyNames, overrides, policy -> Sink.NONE, progress);
    }

    /**
     * Runs every named policy over the setup's trace.
     *
     * @param sinks    the sink of each policy's run, by policy name
     * @param progress told the fraction done, now and then
     */
    public static Result compare(Setup setup, List<String> policyNames, Map<String, String> overrides,
                                 java.util.function.Function<Policy<?>, Sink> sinks, DoubleConsumer progress) {
        List<PolicyResult> results = new ArrayList<>();
        for (int i = 0; i < policyNames.size(); i++) {
            Policy<?> policy = Policies.byName(policyNames.get(i), simOverrides(setup.model(), overrides));
            int done = i;
            results.add(run(policy, setup, sinks.apply(policy),
                    f -> progress.accept((done + f) / policyNames.size())));
        }
        progress.accept(1.0);
        Model m = setup.model();
        return new Result(setup.trace(), setup.seconds(), m.peakPods() * m.rateAtSlo(), m, setup.arrivals(),
                setup.oracle().replicaSeconds(), bucketMean(setup.oracle().ready(), setup.bucketS()),
                bucketMean(setup.rates(), setup.bucketS()), setup.bucketS(), results);
    }

    /** The bounds, pod facts and SLO every policy gets in a simulation, then the user's overrides. */
    public static Map<String, String> simOverrides(Model m, Map<String, String> overrides) {
        Map<String, String> o = new HashMap<>();
        o.put(Param.MIN_REPLICAS.name(), Integer.toString(m.minReplicas()));
        o.put(Param.MAX_REPLICAS.name(), Integer.toString(m.maxReplicas()));
        o.put(Param.CONTAINER_CONCURRENCY.name(), Integer.toString(m.concurrency()));
        o.put(Param.LATENCY_TARGET_MS.name(), Param.format(m.sloMs()));
        // the hpa's snapshots are read HPA_METRICS_AGE_S old (scraperFor): its policy must not age them again
        o.put(Param.METRICS_AGE.name(), "0");
        if (m.sloMs() < Param.LATENCY_SCALE_DOWN_BELOW_MS.defaultValue()) {
            o.put(Param.LATENCY_SCALE_DOWN_BELOW_MS.name(), Param.format(m.sloMs() / 2));
        }
        o.putAll(overrides);
        return o;
    }

    /** The target a policy's run is about in its snapshots and decisions: {@code sim/<policy>}. */
    public static TargetRef targetOf(String policy) {
        return TargetRef.deployment("sim", policy);
    }

    /** How a policy sees the cluster: its scrape interval and the age of its metrics. */
    static Scraper scraperFor(String policy, Model m) {
        return scraperFor(policy, m, 0);
    }

    /** The same, the HPA's syncs at {@code hpaPhaseS + k × 15} s. */
    static Scraper scraperFor(String policy, Model m, int hpaPhaseS) {
        TargetRef target = targetOf(policy);
        if (Policies.isHpa(policy)) {
            return new Scraper(target, HPA_SYNC_S, HPA_METRICS_AGE_S, hpaPhaseS);
        }
        if (policy.equals("kpa")) {
            return new Scraper(target, 1, 0);
        }
        return new Scraper(target, (int) Math.round(m.scrapeS()), 0);
    }

    /**
     * A fixed deployment: {@code replicas} pods ready from the first second and never changed, on
     * the same arrivals and routing as the policies' runs; its violations are counted as theirs are.
     */
    public static Frontier.Fixed fixed(Setup setup, int replicas) {
        Model m = setup.model();
        double[] rates = setup.rates();
        ModelCluster cluster = new ModelCluster(m, setup.arrivals(), setup.seed(), replicas);
        long violations = 0;
        double replicaSeconds = 0;
        for (int t = 0; t < rates.length; t++) {
            cluster.step(t, rates[t]);
            replicaSeconds += cluster.spec();
            if (cluster.p95 > m.sloMs() || cluster.refused > 0) {
                violations++;
            }
        }
        return new Frontier.Fixed(replicas, violations, replicaSeconds);
    }

    /** One policy through the closed loop. */
    public static <S> PolicyResult run(Policy<S> policy, Setup setup, Sink sink, DoubleConsumer progress) {
        Model m = setup.model();
        double[] rates = setup.rates();
        int n = rates.length;
        int[] demand = setup.oracle().ready();
        ModelCluster cluster = new ModelCluster(m, setup.arrivals(), setup.seed(), m.initialPods(rates));
        Scraper scraper = scraperFor(policy.name(), m, setup.hpaPhaseS());
        Decider<S> decider = new Decider<>(policy, Duration.ofSeconds(60), false);
        Decider.TargetState<S> state = decider.initialState();
        int bucketS = setup.bucketS();
        int buckets = (n + bucketS - 1) / bucketS;
        double[] seriesReplicas = new double[buckets];
        double[] seriesP95 = new double[buckets];

        long violations = 0;
        double replicaSeconds = 0;
        int operations = 0;
        double peakP95 = 0;
        double under = 0;
        double over = 0;
        long underSeconds = 0;
        long overSeconds = 0;
        long unstable = 0;
        int lastSupply = cluster.ready();
        long progressEvery = Math.max(1, n / 50);
        for (int t = 0; t < n; t++) {
            cluster.step(t, rates[t]);
            int spec = cluster.spec();
            int supply = cluster.ready();
            replicaSeconds += spec;
            if (cluster.p95 > m.sloMs() || cluster.refused > 0) {
                violations++;
            }
            peakP95 = Math.max(peakP95, cluster.p95);
            int b = t / bucketS;
            seriesReplicas[b] += spec;
            seriesP95[b] = Math.max(seriesP95[b], cluster.p95);
            int d = demand[t];
            if (supply < d) {
                under += (double) (d - supply) / d;
                underSeconds++;
            } else if (supply > d) {
                over += (double) (supply - d) / d;
                overSeconds++;
            }
            if (t > 0 && Integer.signum(supply - lastSupply) != Integer.signum(d - demand[t - 1])) {
                unstable++;
            }
            lastSupply = supply;

            long time = t + 1;
            if (scraper.readsAt(time)) {
                scraper.read(cluster);
            }
            if (scraper.decidesAt(time)) {
                TargetSnapshot snapshot = scraper.snapshot(cluster, time);
                sink.snapshot(snapshot);
                var outcome = decider.decide(state, snapshot, null);
                state = outcome.state();
                if (outcome instanceof Decider.Outcome.Decided<S> decided) {
                    sink.decision(decided.decision());
                    if (decided.command() != null) {
                        operations++;
                        cluster.scaleTo(decided.command().replicas(), time);
                    }
                }
            }
            if (t % progressEvery == 0) {
                progress.accept((double) t / n);
            }
        }
        for (int b = 0; b < buckets; b++) {
            int len = Math.min(bucketS, n - b * bucketS);
            seriesReplicas[b] /= len;
        }
        Elasticity elasticity = new Elasticity(100 * under / n, 100 * over / n, 100.0 * underSeconds / n,
                100.0 * overSeconds / n, n > 1 ? 100.0 * unstable / (n - 1) : 0);
        double oracleCost = setup.oracle().replicaSeconds();
        return new PolicyResult(policy.name(), policy.version(), violations, replicaSeconds,
                replicaSeconds / oracleCost, operations, peakP95, elasticity, new Series(seriesReplicas, seriesP95));
    }

    static double[] bucketMean(double[] values, int bucketS) {
        int buckets = (values.length + bucketS - 1) / bucketS;
        double[] out = new double[buckets];
        for (int t = 0; t < values.length; t++) {
            out[t / bucketS] += values[t];
        }
        for (int b = 0; b < buckets; b++) {
            out[b] /= Math.min(bucketS, values.length - b * bucketS);
        }
        return out;
    }

    static double[] bucketMean(int[] values, int bucketS) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return bucketMean(d, bucketS);
    }
}
