package io.userscale.engine.sim;

import java.util.ArrayDeque;

/**
 * The model cluster of one run: ready pods, pods starting (with the second they will serve),
 * and a backlog of requests beyond capacity. {@link #step} advances it one second under a request
 * rate and records what that second looked like.
 */
final class Cluster {

    /** p95 recorded for seconds with no ready pod at all. */
    static final double NO_SERVICE_MS = 600_000;

    private final Model m;
    private final double capacity;
    private final ArrayDeque<Double> starting = new ArrayDeque<>(); // readyAt seconds, oldest first
    private int ready;
    private double backlog;

    // the last second
    double p95;
    double cpu;
    double users;
    double inflight;

    Cluster(Model model, int initialReady) {
        this.m = model;
        this.capacity = model.capacityRps();
        this.ready = initialReady;
    }

    int ready() {
        return ready;
    }

    int spec() {
        return ready + starting.size();
    }

    /** Sets the replica count asked for: new pods start now, removals take starting pods first (newest). */
    void scaleTo(int replicas, double nowS) {
        int spec = spec();
        if (replicas > spec) {
            for (int i = spec; i < replicas; i++) {
                starting.addLast(nowS + m.startupS());
            }
        } else {
            for (int i = replicas; i < spec; i++) {
                if (!starting.isEmpty()) {
                    starting.removeLast();
                } else {
                    ready--;
                }
            }
        }
    }

    /** One second at {@code rate} requests per second, starting at second {@code t}. */
    void step(int t, double rate) {
        while (!starting.isEmpty() && starting.peekFirst() <= t) {
            starting.removeFirst();
            ready++;
        }
        users = rate / m.userRps();
        if (ready == 0) {
            backlog += rate;
            p95 = NO_SERVICE_MS;
            cpu = Double.NaN;
            inflight = backlog;
            return;
        }
        double cap = ready * capacity;
        double rho = rate / cap;
        backlog = Math.max(0, backlog + rate - cap);
        double stationary = m.p95AtUtilisation(Math.min(rho, 0.99));
        if (backlog > 0) {
            p95 = Math.min(NO_SERVICE_MS, stationary + 1000 * backlog / cap);
            cpu = 100;
        } else {
            p95 = stationary;
            cpu = 100 * rho;
        }
        double meanResponseS = (m.serviceMs() + (stationary - m.serviceMs()) / 3) / 1000;
        inflight = Math.min(rate, cap) * meanResponseS + backlog;
    }
}
