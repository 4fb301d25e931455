package io.userscale.engine.sim;

import io.userscale.engine.policy.Evaluation;
import io.userscale.engine.policy.Param;
import io.userscale.engine.policy.Policies;
import io.userscale.engine.policy.Policy;
import io.userscale.engine.signal.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * The closed loop: a demand trace drives the model cluster, whose metrics each policy sees the
 * way it would in a real cluster, and whose size each policy's decisions change.
 *
 * <ul>
 *   <li>{@code userscale} and {@code seed*}: every scrape interval, the means over that interval;</li>
 *   <li>{@code hpa}: every 15 s (its sync), the means over a 15 s metrics-server window that ended
 *       {@value #HPA_METRICS_AGE_S} s earlier (kubelet and metrics-server resolution);</li>
 *   <li>{@code kpa}: every second, the concurrency of that second (Knative scrapes every second and
 *       decides every 2 s).</li>
 * </ul>
 * Every policy starts with {@link Model#initialPods} ready pods and has the same bounds.
 */
public final class Simulation {

    /** How old HPA's newest metrics window is at a sync. */
    public static final int HPA_METRICS_AGE_S = 7;

    /** The default set of policies compared. */
    public static final List<String> DEFAULT_POLICIES = List.of("userscale", "hpa", "kpa", "seed");

    /**
     * Chart series, one point per bucket of {@code bucketS} seconds.
     *
     * @param replicas mean replicas asked for per bucket
     * @param p95      highest p95 per bucket
     */
    public record Series(double[] replicas, double[] p95) {
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
     * @param series              for the chart
     */
    public record PolicyResult(String policy, String version, long sloViolationSeconds, double replicaSeconds,
                               double oracleRatio, int scaleOperations, double peakP95Ms, Series series) {
    }

    /**
     * A whole comparison.
     *
     * @param trace      the trace's name
     * @param seconds    simulated seconds
     * @param peakRate   the peak rate after scaling
     * @param model      the model
     * @param oracle     the oracle's cost and its ready pods per bucket
     * @param demand     mean rate per bucket
     * @param bucketS    seconds per chart bucket
     * @param policies   one result per policy
     */
    public record Result(String trace, int seconds, double peakRate, Model model, double oracleReplicaSeconds,
                         double[] oracleSeries, double[] demand, int bucketS, List<PolicyResult> policies) {
    }

    private Simulation() {
    }

    /** The rates per second the model sees: the trace scaled so its peak needs {@code peakPods}. */
    public static double[] rates(Trace trace, Model m) {
        return trace.perSecond(m.peakPods() * m.rateAtSlo());
    }

    /**
     * Runs every named policy over the trace.
     *
     * @param progress told the fraction done, now and then
     */
    public static Result compare(Trace trace, Model m, List<String> policyNames, Map<String, String> overrides,
                                 DoubleConsumer progress) {
        double[] rates = rates(trace, m);
        int n = rates.length;
        int bucketS = Math.max(1, (int) Math.ceil(n / 1500.0));
        Oracle.Schedule oracle = Oracle.schedule(rates, m);
        List<PolicyResult> results = new ArrayList<>();
        for (int i = 0; i < policyNames.size(); i++) {
            Policy<?> policy = Policies.byName(policyNames.get(i), simOverrides(m, overrides));
            int done = i;
            results.add(run(policy, rates, m, oracle.replicaSeconds(), bucketS,
                    f -> progress.accept((done + f) / policyNames.size())));
        }
        progress.accept(1.0);
        return new Result(trace.name(), n, m.peakPods() * m.rateAtSlo(), m, oracle.replicaSeconds(),
                bucketMean(oracle.ready(), bucketS), bucketMean(rates, bucketS), bucketS, results);
    }

    /** The bounds and pod facts every policy gets in a simulation, then the user's overrides. */
    static Map<String, String> simOverrides(Model m, Map<String, String> overrides) {
        Map<String, String> o = new java.util.HashMap<>();
        o.put(Param.MIN_REPLICAS.name(), Integer.toString(m.minReplicas()));
        o.put(Param.MAX_REPLICAS.name(), Integer.toString(m.maxReplicas()));
        o.put(Param.CONTAINER_CONCURRENCY.name(), Integer.toString(m.concurrency()));
        o.putAll(overrides);
        return o;
    }

    /** One policy through the closed loop. */
    public static <S> PolicyResult run(Policy<S> policy, double[] rates, Model m, double oracleReplicaSeconds,
                                       int bucketS, DoubleConsumer progress) {
        int n = rates.length;
        Cluster cluster = new Cluster(m, m.initialPods(rates));
        int interval;
        int age;
        switch (policy.name()) {
            case "hpa" -> {
                interval = 15;
                age = HPA_METRICS_AGE_S;
            }
            case "kpa" -> {
                interval = 1;
                age = 0;
            }
            default -> {
                interval = (int) Math.round(m.scrapeS());
                age = 0;
            }
        }
        // prefix sums of what the pods report, for window means in O(1)
        double[] sumUsers = new double[n + 1];
        double[] sumCpu = new double[n + 1];
        int[] cpuSeconds = new int[n + 1];
        double[] sumP95 = new double[n + 1];
        double[] sumRate = new double[n + 1];
        double[] sumInflight = new double[n + 1];
        int buckets = (n + bucketS - 1) / bucketS;
        double[] seriesReplicas = new double[buckets];
        double[] seriesP95 = new double[buckets];

        S state = policy.initialState();
        long violations = 0;
        double replicaSeconds = 0;
        int operations = 0;
        double peakP95 = 0;
        long progressEvery = Math.max(1, n / 50);
        for (int t = 0; t < n; t++) {
            cluster.step(t, rates[t]);
            boolean cpuKnown = !Double.isNaN(cluster.cpu);
            sumUsers[t + 1] = sumUsers[t] + cluster.users;
            sumCpu[t + 1] = sumCpu[t] + (cpuKnown ? cluster.cpu : 0);
            cpuSeconds[t + 1] = cpuSeconds[t] + (cpuKnown ? 1 : 0);
            sumP95[t + 1] = sumP95[t] + cluster.p95;
            sumRate[t + 1] = sumRate[t] + rates[t];
            sumInflight[t + 1] = sumInflight[t] + cluster.inflight;

            int spec = cluster.spec();
            replicaSeconds += spec;
            if (cluster.p95 > m.sloMs()) {
                violations++;
            }
            peakP95 = Math.max(peakP95, cluster.p95);
            int b = t / bucketS;
            seriesReplicas[b] += spec;
            seriesP95[b] = Math.max(seriesP95[b], cluster.p95);

            if ((t + 1) % interval == 0) {
                int to = t + 1 - age;
                int from = Math.max(0, to - interval);
                if (to > from) {
                    Observation o = observe(t, interval, cluster, from, to, sumUsers, sumCpu, cpuSeconds, sumP95,
                            sumRate, sumInflight);
                    Evaluation<S> e = policy.evaluate(state, o);
                    state = e.state();
                    if (e.target() != o.specReplicas()) {
                        operations++;
                        cluster.scaleTo(e.target(), t + 1);
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
        return new PolicyResult(policy.name(), policy.version(), violations, replicaSeconds,
                replicaSeconds / oracleReplicaSeconds, operations, peakP95, new Series(seriesReplicas, seriesP95));
    }

    private static Observation observe(int t, int interval, Cluster c, int from, int to, double[] users, double[] cpu,
                                       int[] cpuSeconds, double[] p95, double[] rate, double[] inflight) {
        int len = to - from;
        int cpuN = cpuSeconds[to] - cpuSeconds[from];
        double readyShare = c.ready(); // every ready pod sees the same load in the model
        return new Observation((t + 1) * 1000L, interval * 1000L, c.spec(), c.ready(), c.spec() - c.ready(), 0,
                (users[to] - users[from]) / len,
                cpuN > 0 ? (cpu[to] - cpu[from]) / cpuN : Double.NaN,
                Double.NaN,
                readyShare > 0 ? (p95[to] - p95[from]) / len : Double.NaN,
                (rate[to] - rate[from]) / len,
                (inflight[to] - inflight[from]) / len,
                0);
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
