package io.userscale.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.userscale.kafka.contract.ActuationResult;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.topic.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chaos run's invariants, each shown to hold on a clean record and to fail when broken. */
class ChaosLedgerTest {

    static final TargetRef TARGET = TargetRef.deployment("demo", "gpu-app");
    static final long T0 = 1_000_000L;

    final List<ChaosLedger.Snapshot> snapshots = new ArrayList<>();
    final List<Decision> decisions = new ArrayList<>();
    final List<ScaleCommand> commands = new ArrayList<>();
    final List<ActuationResult> results = new ArrayList<>();
    final List<ChaosLedger.DeadLetter> letters = new ArrayList<>();

    /**
     * A snapshot every 2 s from T0 for 60 s, each decided once, those from 10 s to 20 s with a pod's
     * metrics missing; a command at 10 s and its one result.
     */
    ChaosLedgerTest() {
        for (int i = 0; i < 30; i++) {
            snapshots.add(new ChaosLedger.Snapshot(T0 + i * 2000L, 0, i, i >= 5 && i < 10));
            decide(i, T0 + i * 2000L, Decision.Action.NONE);
        }
        command("c1", T0 + 10_000, 3, 2);
        result("c1", ActuationResult.Status.APPLIED);
    }

    void decide(long offset, long tsMs, Decision.Action action) {
        decisions.add(new Decision("d" + decisions.size(), TARGET, Instant.ofEpochMilli(tsMs),
                new Decision.PolicyRef("userscale", "test", Map.of()), new Decision.Replicas(2, 2, 2),
                action, null, Decision.Mode.NORMAL, Map.of(), "hold",
                new Decision.InputRef(Topic.METRICS.topicName(), 0, offset)));
    }

    void scaleDown(int i) {
        Decision d = decisions.get(i);
        decisions.set(i, new Decision(d.decisionId(), d.target(), d.ts(), d.policy(), new Decision.Replicas(2, 1, 1),
                Decision.Action.SCALE_DOWN, null, d.mode(), d.signals(), "down", d.input()));
    }

    void command(String id, long atMs, int replicas, int previous) {
        commands.add(new ScaleCommand(id, "d-" + id, TARGET, replicas, previous, Instant.ofEpochMilli(atMs),
                Instant.ofEpochMilli(atMs + 60_000), false));
    }

    void result(String id, ActuationResult.Status status) {
        results.add(new ActuationResult(id, TARGET, "local", status, 2, 3, Instant.ofEpochMilli(T0 + 11_000), null));
    }

    ChaosLedger.Verdict judge(List<ChaosLedger.Garbage> garbage) {
        return new ChaosLedger(snapshots, decisions, commands, results, letters, T0 + 60_000)
                .judge(new ChaosLedger.Window(T0, T0 + 20_000, Long.MAX_VALUE, garbage));
    }

    @Test
    void aCleanRunHolds() {
        var v = judge(List.of());
        assertThat(v.holds()).as(v.toString()).isTrue();
        assertThat(v.notes()).isEmpty();
    }

    @Test
    void aSnapshotAfterRecoveryWithoutADecisionIsLost() {
        decisions.removeIf(d -> d.input().offset() == 15); // scraped at 30 s, after the fault cleared at 20 s
        decisions.removeIf(d -> d.input().offset() == 5); // at 10 s, during the fault: reported, not a loss
        var v = judge(List.of());
        assertThat(v.holds()).isFalse();
        assertThat(v.undecidedSnapshots()).isEqualTo(1);
        assertThat(v.undecidedDuringFault()).isEqualTo(1);
        assertThat(v.lostRecords()).isEqualTo(1);
    }

    @Test
    void aSnapshotDecidedTwiceIsADuplicate() {
        decide(7, T0 + 14_000, Decision.Action.NONE);
        var v = judge(List.of());
        assertThat(v.duplicateDecisions()).isEqualTo(1);
        assertThat(v.holds()).isFalse();
    }

    @Test
    void aCommandWithTwoResultsOrNoneBreaksExactlyOnce() {
        result("c1", ActuationResult.Status.ALREADY_AT_TARGET);
        command("c2", T0 + 30_000, 4, 3);
        var v = judge(List.of());
        assertThat(v.duplicateActuations()).isEqualTo(1);
        assertThat(v.missingResults()).isEqualTo(1);
        assertThat(v.holds()).isFalse();
    }

    @Test
    void aScaleDownDecidedOnASnapshotWithMetricsMissingIsCaughtAndOnlyThen() {
        scaleDown(12); // metrics complete at 24 s
        assertThat(judge(List.of()).holds()).isTrue();
        scaleDown(7); // a pod silent at 14 s
        var v = judge(List.of());
        assertThat(v.scaleDownsWithoutMetrics()).isEqualTo(1);
        assertThat(v.notes()).contains("1 scale-down(s) decided on snapshots with a pod's metrics missing");
        assertThat(v.holds()).isFalse();
    }

    @Test
    void badRecordsMustAllBeFoundAmongTheDeadLettersByteForByte() {
        byte[] a = "{not json".getBytes(StandardCharsets.UTF_8);
        byte[] b = "".getBytes(StandardCharsets.UTF_8);
        var garbage = List.of(new ChaosLedger.Garbage(Topic.METRICS.topicName(), a),
                new ChaosLedger.Garbage(Topic.COMMANDS.topicName(), a), new ChaosLedger.Garbage(Topic.METRICS.topicName(), b));
        letters.add(new ChaosLedger.DeadLetter(Topic.METRICS.topicName(), a.clone()));
        letters.add(new ChaosLedger.DeadLetter(Topic.METRICS.topicName(), b.clone()));
        var v = judge(garbage);
        assertThat(v.lostRecords()).as("the one from %s never reached the dead letters", Topic.COMMANDS).isEqualTo(1);
        letters.add(new ChaosLedger.DeadLetter(Topic.COMMANDS.topicName(), a.clone()));
        assertThat(judge(garbage).holds()).isTrue();
        assertThat(judge(garbage).notes()).contains("3 of 3 bad records found on userscale.dlq");
    }

    @Test
    void recordsTooCloseToTheEndAreNotJudged() {
        command("c3", T0 + 61_000, 4, 3); // after the cutoff: its result may still be on the way
        assertThat(judge(List.of()).holds()).isTrue();
    }
}
