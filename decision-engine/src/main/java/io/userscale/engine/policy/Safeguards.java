package io.userscale.engine.policy;

import io.userscale.engine.signal.Aggregator;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.TargetSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every policy's decision goes through before it is published, for the two cases no policy
 * should judge on its own.
 *
 * <ul>
 *   <li><b>Circuit breaker.</b> A pod reporting a value no signal can have — not a number,
 *       infinite, negative, or a utilisation above 100 % — says its exporter is broken, and then
 *       nothing it reports can be trusted: the replica count holds, and the decision names the pod,
 *       the field and the value.</li>
 *   <li><b>Fallback.</b> After {@code FALLBACK_AFTER} rounds in a row in which no pod reported any
 *       signal (every scrape failed), the configured fallback acts, as KEDA's does: hold at the
 *       current count ({@code FALLBACK_REPLICAS} 0, the default), go to {@code FALLBACK_REPLICAS}
 *       replicas, or, with {@code FALLBACK_KEEP_HIGHER} 1, go there only if that is more than
 *       the current count. The decision says which acted. Until then the policy's own rules apply
 *       (none scales down on signals gone stale).</li>
 *   <li><b>No scale-down on part of the metrics.</b> While a ready pod reports no signal at all
 *       (its scrape failed, timed out or read nothing usable) and others do, the aggregation
 *       counts it at its peers' mean, and a decision to scale down holds instead, naming the pod:
 *       the pod could be the busiest, as the HPA assumes of a pod without metrics.</li>
 * </ul>
 */
public final class Safeguards {

    private Safeguards() {
    }

    /**
     * The first invalid reading of the snapshot, as {@code pod NAME: FIELD VALUE}, or null when all
     * are valid: by the aggregation's own rules ({@link Aggregator#percent}, {@link Aggregator#nonNegative}).
     */
    public static String firstInvalid(TargetSnapshot snapshot) {
        for (TargetSnapshot.PodSample p : snapshot.pods()) {
            String bad = invalid("activeUsers", p.activeUsers(), false);
            bad = bad != null ? bad : invalid("cpuPercent", p.cpuPercent(), true);
            bad = bad != null ? bad : invalid("gpuPercent", p.gpuPercent(), true);
            bad = bad != null ? bad : invalid("requests", p.requests(), false);
            bad = bad != null ? bad : invalid("inflight", p.inflight(), false);
            TargetSnapshot.LatencyHistogram h = p.latencyMs();
            if (bad == null && h != null) {
                bad = invalid("latencyMs.count", h.count(), false);
                bad = bad != null ? bad : invalid("latencyMs.sum", h.sum(), false);
                if (bad == null && h.buckets() != null) {
                    for (Map.Entry<String, Double> b : h.buckets().entrySet()) {
                        if (!usable(b.getValue(), false)) { // the bucket named only when it is bad
                            bad = "latencyMs.buckets[" + b.getKey() + "] " + b.getValue();
                            break;
                        }
                    }
                }
            }
            if (bad != null) {
                return "pod " + p.name() + ": " + bad;
            }
        }
        return null;
    }

    private static String invalid(String field, Double v, boolean percent) {
        return usable(v, percent) ? null : field + " " + v;
    }

    /** Whether a reported value is absent or one the aggregation can use. */
    private static boolean usable(Double v, boolean percent) {
        return v == null || !Double.isNaN(percent ? Aggregator.percent(v) : Aggregator.nonNegative(v));
    }

    /** Whether the round has pods and none of them reported any signal: every scrape failed. */
    public static boolean blind(TargetSnapshot snapshot) {
        return !snapshot.pods().isEmpty() && snapshot.pods().stream().allMatch(Aggregator::silent);
    }

    /** The first ready pod that reported no signal while another did, or null. */
    public static String firstUnreadable(TargetSnapshot snapshot) {
        if (blind(snapshot)) {
            return null; // the fallback's case
        }
        for (TargetSnapshot.PodSample p : snapshot.pods()) {
            if (p.ready() && Aggregator.silent(p)) {
                return p.name();
            }
        }
        return null;
    }

    /**
     * The policy's evaluation, overridden by the circuit breaker when {@code invalid} names a
     * reading, by the fallback when {@code missedRounds} reached {@code FALLBACK_AFTER}, or held
     * from scaling down when {@code unreadable} names a ready pod without metrics.
     */
    public static <S> Evaluation<S> apply(Evaluation<S> e, String invalid, String unreadable, int missedRounds,
                                          PolicyParams p) {
        int current = e.current();
        if (invalid != null) {
            Map<String, Decision.Signal> signals = new LinkedHashMap<>(e.signals());
            signals.put("breaker", new Decision.Signal(1.0, null, null, current));
            return new Evaluation<>(e.state(), current, e.desired(), current, Decision.BlockedBy.STALE_METRICS,
                    Decision.Mode.NORMAL, signals, join("[circuit breaker: " + invalid
                            + " is not a valid reading; holding at " + current + "]", e.note()));
        }
        int after = p.getInt(Param.FALLBACK_AFTER);
        if (missedRounds < after) {
            if (unreadable != null && e.target() < current) {
                Map<String, Decision.Signal> signals = new LinkedHashMap<>(e.signals());
                signals.put("unreadable", new Decision.Signal(1.0, null, null, current));
                return new Evaluation<>(e.state(), current, e.desired(), current, Decision.BlockedBy.STALE_METRICS,
                        e.mode(), signals, join("[no scale-down: pod " + unreadable
                                + " reported no metrics this round; holding at " + current + "]", e.note()));
            }
            return e;
        }
        int k = p.getInt(Param.FALLBACK_REPLICAS);
        int target;
        String how;
        if (k == 0) {
            target = current;
            how = "hold: holding at " + current;
        } else {
            int fallback = Stabilizers.applyBounds(p.getInt(Param.MIN_REPLICAS), p.getInt(Param.MAX_REPLICAS), k);
            boolean keepHigher = p.getInt(Param.FALLBACK_KEEP_HIGHER) == 1;
            target = keepHigher ? Math.max(current, fallback) : fallback;
            how = keepHigher ? "currentIfHigher: " + fallback + " replicas unless more run (" + target + ")"
                    : "fallbackReplicas: " + fallback;
        }
        Map<String, Decision.Signal> signals = new LinkedHashMap<>(e.signals());
        signals.put("fallback", new Decision.Signal((double) missedRounds, null, k == 0 ? null : (double) k, target));
        return new Evaluation<>(e.state(), current, target, target,
                target == current ? Decision.BlockedBy.STALE_METRICS : null, Decision.Mode.NORMAL, signals,
                join("[fallback after " + missedRounds + " rounds without metrics, " + how + "]", e.note()));
    }

    private static String join(String a, String b) {
        return b == null || b.isEmpty() ? a : a + " " + b;
    }
}
