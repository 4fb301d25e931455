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
        double perPod = m.rateAtSlo();
        for (int t = 0; t < n; t++) {
            int needed = m.podsNeeded(rates[t], perPod);
            need[t] = t < startupSeconds ? Math.max(initial, needed) : needed;
            top = Math.max(top, need[t]);
        }
        int startup = (int) Math.ceil(m.startupS());
        // runs of equal need, so each level is walked run by run rather than second by second
        int[] runStart = new int[n + 1];
        int[] runNeed = new int[n];
        int runs = 0;
        for (int t = 0; t < n; t++) {
            if (t == 0 || need[t] != need[t - 1]) {
                runStart[runs] = t;
                runNeed[runs] = need[t];
                runs++;
            }
        }
        runStart[runs] = n;
        int[] readyDiff = new int[n + 1];
        int[] specDiff = new int[n + 1];
        for (int level = 1; level <= top; level++) {
            int r = 0;
            while (r < runs) {
                while (r < runs && runNeed[r] < level) {
                    r++;
                }
                if (r >= runs) {
                    break;
                }
                int a = runStart[r];
                int last = r; // the last run of the stretch that needs this level
                // extend the stretch, bridging gaps shorter than a start-up
                while (true) {
                    while (last + 1 < runs && runNeed[last + 1] >= level) {
                        last++;
                    }
                    int next = last + 1;
                    while (next < runs && runNeed[next] < level) {
                        next++;
                    }
                    if (next < runs && runStart[next] - runStart[last + 1] < startup) {
                        last = next;
                    } else {
                        break;
                    }
                }
                int b = runStart[last + 1] - 1;
                int startAt = a == 0 ? 0 : Math.max(0, a - startup);
                readyDiff[a]++;
                readyDiff[b + 1]--;
                specDiff[startAt]++;
                specDiff[b + 1]--;
                r = last + 1;
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
