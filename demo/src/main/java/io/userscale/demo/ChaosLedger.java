package io.userscale.demo;

import io.userscale.kafka.contract.ActuationResult;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.topic.Topic;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the topics say happened during a chaos run, read back after it, and the invariants judged
 * on it for each fault's window: nothing lost, nothing done twice, no scale-down on missing
 * metrics, every snapshot after recovery decided.
 *
 * @param snapshots   every snapshot on {@code userscale.metrics} (event time, partition, offset)
 * @param decisions   every decision
 * @param commands    every scale command
 * @param results     every actuation result
 * @param deadLetters every record on the dead-letter topic
 * @param cutoffMs    records after this were published too close to the end to be judged
 */
record ChaosLedger(List<Snapshot> snapshots, List<Decision> decisions, List<ScaleCommand> commands,
                   List<ActuationResult> results, List<DeadLetter> deadLetters, long cutoffMs) {

    /**
     * A snapshot's place on its topic, its event time, and whether a ready pod in it (or every
     * pod) reported no metrics.
     */
    record Snapshot(long tsMs, int partition, long offset, boolean metricsMissing) {
    }

    /** A dead letter: the topic it came from and its bytes, unchanged. */
    record DeadLetter(String sourceTopic, byte[] value) {
    }

    /** A record a fault wrote on a topic on purpose, which must end up as a dead letter. */
    record Garbage(String topic, byte[] value) {
    }

    /**
     * The span a fault is judged over.
     *
     * @param fromMs         when the fault began
     * @param clearedMs      when it was cleared (the process back and ready, the broker up)
     * @param untilMs        when the next fault began, or the end of the run
     * @param garbage        records written on purpose, to be found among the dead letters
     */
    record Window(long fromMs, long clearedMs, long untilMs, List<Garbage> garbage) {
    }

    /** The invariants over one window; {@link #holds} when every count is zero. */
    record Verdict(int lostRecords, int duplicateActuations, int duplicateDecisions, int undecidedSnapshots,
                   int missingResults, int scaleDownsWithoutMetrics, int undecidedDuringFault, List<String> notes) {

        boolean holds() {
            return lostRecords == 0 && duplicateActuations == 0 && duplicateDecisions == 0 && undecidedSnapshots == 0
                    && missingResults == 0 && scaleDownsWithoutMetrics == 0;
        }
    }

    Verdict judge(Window w) {
        long until = Math.min(w.untilMs(), cutoffMs);
        List<String> notes = new ArrayList<>();
        // every snapshot scraped after the fault cleared has exactly one decision
        Map<Long, Integer> decidedTimes = new HashMap<>();
        Map<Long, Snapshot> byPlace = new HashMap<>();
        snapshots.forEach(s -> byPlace.put(key(s.partition(), s.offset()), s));
        String metrics = Topic.METRICS.topicName();
        int downs = 0;
        for (Decision d : decisions) {
            if (d.input() != null && metrics.equals(d.input().topic())) {
                long place = key(d.input().partition(), d.input().offset());
                decidedTimes.merge(place, 1, Integer::sum);
                // no scale-down decided on a snapshot in which a ready pod, or every pod, said nothing
                Snapshot input = byPlace.get(place);
                long at = d.ts().toEpochMilli();
                if (d.action() == Decision.Action.SCALE_DOWN && input != null && input.metricsMissing()
                        && at >= w.fromMs() && at < until) {
                    downs++;
                }
            }
        }
        int undecided = 0;
        int undecidedDuring = 0;
        int duplicateDecisions = 0;
        for (Snapshot s : snapshots) {
            if (s.tsMs() < w.fromMs() || s.tsMs() >= until) {
                continue;
            }
            int n = decidedTimes.getOrDefault(key(s.partition(), s.offset()), 0);
            if (n > 1) {
                duplicateDecisions++;
            }
            if (n == 0) {
                if (s.tsMs() >= w.clearedMs()) {
                    undecided++;
                } else {
                    undecidedDuring++;
                }
            }
        }
        if (undecided > 0) {
            notes.add(undecided + " snapshot(s) scraped after recovery never decided");
        }
        if (undecidedDuring > 0) {
            notes.add(undecidedDuring + " snapshot(s) scraped during the fault not decided");
        }
        // every command of the window has exactly one result
        Map<String, Integer> resultsOf = new HashMap<>();
        results.forEach(r -> resultsOf.merge(r.commandId(), 1, Integer::sum));
        int missing = 0;
        int twice = 0;
        for (ScaleCommand c : commands) {
            long at = c.issuedAt().toEpochMilli();
            if (at < w.fromMs() || at >= until) {
                continue;
            }
            int n = resultsOf.getOrDefault(c.commandId(), 0);
            if (n == 0) {
                missing++;
            } else if (n > 1) {
                twice++;
            }
        }
        if (missing > 0) {
            notes.add(missing + " command(s) without a result");
        }
        if (twice > 0) {
            notes.add(twice + " command(s) with more than one result");
        }
        if (downs > 0) {
            notes.add(downs + " scale-down(s) decided on snapshots with a pod's metrics missing");
        }
        // what was written on purpose is among the dead letters, byte for byte
        int lostGarbage = 0;
        Set<Integer> used = new HashSet<>();
        for (Garbage g : w.garbage()) {
            int found = -1;
            for (int i = 0; i < deadLetters.size() && found < 0; i++) {
                DeadLetter l = deadLetters.get(i);
                if (!used.contains(i) && g.topic().equals(l.sourceTopic()) && Arrays.equals(g.value(), l.value())) {
                    found = i;
                }
            }
            if (found < 0) {
                lostGarbage++;
            } else {
                used.add(found);
            }
        }
        if (!w.garbage().isEmpty()) {
            notes.add((w.garbage().size() - lostGarbage) + " of " + w.garbage().size()
                    + " bad records found on " + Topic.DLQ.topicName());
        }
        return new Verdict(undecided + missing + lostGarbage, twice, duplicateDecisions, undecided, missing, downs,
                undecidedDuring, notes);
    }

    private static long key(int partition, long offset) {
        return ((long) partition << 48) | offset;
    }
}
