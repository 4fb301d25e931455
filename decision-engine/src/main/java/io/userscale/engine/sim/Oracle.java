package io.userscale.engine.sim;

/**
 * The least replica-seconds any policy could spend while meeting the SLO every second, knowing
 * the future: each second needs {@link Model#podsNeeded} ready pods; every pod level is kept
 * ready exactly over the seconds that need it, started {@code startupS} ahead (paid for), and
 * kept through any gap shorter than a start-up, where keeping is cheaper than restarting. It
 * starts, like every policy, with {@link Model#initialPods} ready pods, free of start-up cost.
 */
public final class Oracle {

    /**
     * @param replicaSeconds its cost
     * @param ready          ready pods per second under its schedule
     * @param spec           pods asked for (ready or starting) per second
     */
    public record Schedule(double replicaSeconds, int[] ready, int[] spec) {
    }

    private Oracle() {
    }

    public static Schedule schedule(double[] rates, Model m) {
        int n = rates.length;
        int[] need = new int[n];
        int top = 0;
        int initial = m.initialPods(rates);
        int startupSeconds = (int) Math.ceil(m.startupS());
        for (int t = 0; t < n; t++) {
            need[t] = t < startupSeconds ? Math.max(initial, m.podsNeeded(rates[t])) : m.podsNeeded(rates[t]);
            top = Math.max(top, need[t]);
        }
        int startup = (int) Math.ceil(m.startupS());
        int[] readyDiff = new int[n + 1];
        int[] specDiff = new int[n + 1];
        for (int level = 1; level <= top; level++) {
            int t = 0;
            while (t < n) {
                while (t < n && need[t] < level) {
                    t++;
                }
                if (t >= n) {
                    break;
                }
                int a = t;
                int b = t;
                // extend the run, bridging gaps shorter than a start-up
                while (true) {
                    while (b + 1 < n && need[b + 1] >= level) {
                        b++;
                    }
                    int next = b + 1;
                    while (next < n && need[next] < level) {
                        next++;
                    }
                    if (next < n && next - (b + 1) < startup) {
                        b = next;
                    } else {
                        break;
                    }
                }
                int startAt = a == 0 ? 0 : Math.max(0, a - startup);
                readyDiff[a]++;
                readyDiff[b + 1]--;
                specDiff[startAt]++;
                specDiff[b + 1]--;
                t = b + 1;
            }
        }
        int[] ready = new int[n];
        int[] spec = new int[n];
        double cost = 0;
        int r = 0;
        int s = 0;
        for (int t = 0; t < n; t++) {
            r += readyDiff[t];
            s += specDiff[t];
            ready[t] = r;
            spec[t] = s;
            cost += s;
        }
        return new Schedule(cost, ready, spec);
    }
}
