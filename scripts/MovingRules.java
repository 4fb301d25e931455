import io.userscale.engine.policy.Evaluation;
import io.userscale.engine.policy.Policy;
import io.userscale.engine.policy.PolicyParams;
import io.userscale.engine.signal.Observation;
import io.userscale.engine.sim.Frontier;
import io.userscale.engine.sim.Grid;
import io.userscale.engine.sim.Scenario;
import io.userscale.engine.sim.Simulation;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.RateTrace;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Simple rules that move, each cell's parameters free to be chosen with hindsight: what they reach
 * against the HPA frontier, beside the fixed counts of docs/policies.md. Every scrape a rule asks
 * for {@code k × the q quantile of the users seen over the last W seconds}, over the load one pod
 * takes at the SLO, which the model knows and no policy is told. Each rule runs through the
 * simulator's closed loop like any policy and is judged against the cell's HPA frontier.
 *
 * <pre>
 * ./userscale simulate --help >/dev/null   # builds the engine's jar once
 * java -cp "decision-engine/target/userscale-decision-engine.jar:decision-engine/target/lib/*" \
 *     scripts/MovingRules.java TRACE.csv [SCENARIO...]
 * </pre>
 *
 * Prints one line per rule and cell ({@code scenario W q k violation-seconds × oracle verdict}),
 * then per cell how many rules win it clearly and the rules that win the most cells clearly.
 */
public class MovingRules {

    static final int[] WINDOWS_S = {300, 600, 1200, 1800};
    static final double[] QUANTILES = {0.9, 0.95, 1.0};
    /** Factors tried: 0.9, 0.92, … 1.9. */
    static final int FACTORS = 51;

    /** The rule: k × the q quantile of users over the last W seconds, per pod's load at the SLO. */
    record Rule(int windowS, double q, double k, double usersPerPod, int min, int max)
            implements Policy<ArrayDeque<double[]>> {
        public String name() {
            return "rule";
        }

        public String version() {
            return String.format(Locale.ROOT, "W%d-q%.2f-k%.2f", windowS, q, k);
        }

        public PolicyParams params() {
            return PolicyParams.defaults();
        }

        public ArrayDeque<double[]> initialState() {
            return new ArrayDeque<>();
        }

        public Evaluation<ArrayDeque<double[]>> evaluate(ArrayDeque<double[]> seen, Observation o) {
            int current = o.specReplicas();
            if (!(o.users() >= 0)) {
                return new Evaluation<>(seen, current, current, current, null, Decision.Mode.NORMAL, Map.of(), "");
            }
            long now = o.tsMs();
            seen.addLast(new double[] {now, o.users()});
            while (seen.peekFirst()[0] < now - windowS * 1000L) {
                seen.pollFirst();
            }
            double[] u = seen.stream().mapToDouble(x -> x[1]).sorted().toArray();
            double level = u[Math.min(u.length - 1, (int) Math.floor(q * (u.length - 1) + 0.5))];
            int want = Math.max(min, Math.min(max, (int) Math.ceil(k * level / usersPerPod - 1e-9)));
            return new Evaluation<>(seen, current, want, want, null, Decision.Mode.NORMAL, Map.of(), "");
        }
    }

    public static void main(String[] args) throws Exception {
        RateTrace trace = RateTrace.read(Path.of(args[0]));
        List<String> only = Arrays.asList(args).subList(1, args.length);
        Map<List<Object>, Integer> clearCells = new LinkedHashMap<>();
        for (Scenario s : Scenario.defaultGrid()) {
            if (!only.isEmpty() && !only.contains(s.name())) {
                continue;
            }
            Grid.Cell cell = Grid.cell(trace, s, List.of(), Map.of(), Grid.Reuse.NONE, f -> { });
            List<Frontier.Point> frontier = cell.points();
            Simulation.Setup setup = Simulation.Setup.of(trace, s.model(), s.arrivals(), s.seed());
            var m = setup.model();
            double usersPerPod = m.rateAtSlo() / m.userRps();
            int clear = 0;
            for (int w : WINDOWS_S) {
                for (double q : QUANTILES) {
                    for (int i = 0; i < FACTORS; i++) {
                        double k = 0.9 + 0.02 * i;
                        var run = Simulation.run(new Rule(w, q, k, usersPerPod, m.minReplicas(), m.maxReplicas()),
                                setup, Simulation.Sink.NONE, f -> { });
                        Frontier.Verdict v = Frontier.verdict(run.sloViolationSeconds(), run.replicaSeconds(), frontier);
                        System.out.printf(Locale.ROOT, "%s %d %.2f %.2f %d %.3f %s%n", s.name(), w, q, k,
                                run.sloViolationSeconds(), run.oracleRatio(), v.label());
                        if (v == Frontier.Verdict.CLEAR_WIN) {
                            clear++;
                            clearCells.merge(List.of(w, q, k), 1, Integer::sum);
                        }
                    }
                }
            }
            System.out.printf(Locale.ROOT, "# %s: %d of %d rules win clearly%n", s.name(), clear,
                    WINDOWS_S.length * QUANTILES.length * FACTORS);
        }
        clearCells.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(5)
                .forEach(e -> System.out.printf(Locale.ROOT, "# W %s s, q %s, k %s: %d cells clear%n",
                        e.getKey().get(0), e.getKey().get(1), e.getKey().get(2), e.getValue()));
    }
}
