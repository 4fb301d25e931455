package io.userscale.ingest.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.userscale.ingest.expo.Exposition;
import io.userscale.ingest.expo.SignalMapping;
import io.userscale.ingest.pods.Pod;
import io.userscale.ingest.pods.PodSet;
import io.userscale.kafka.contract.TargetRef;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotAssemblerTest {

    static Scraper.Result ok(double requests, double users) {
        return new Scraper.Result(Exposition.parse("userscale_requests_total " + requests + "\n"
                + "userscale_active_users " + users + "\n"), null, 1);
    }

    static final Scraper.Result FAILED = new Scraper.Result(null, "HTTP 500", 1);

    @Test
    void countersBecomeDeltasFailingPodsAreMissingAndForgotten() {
        var a = new Pod("a", URI.create("http://a/m"), true, null);
        var b = new Pod("b", URI.create("http://b/m"), false, null);
        var pods = new PodSet(2, 1, List.of(a, b));
        var asm = new SnapshotAssembler(TargetRef.deployment("ns", "app"), SignalMapping.defaults());
        Instant t = Instant.parse("2026-11-28T00:00:00Z");

        var s1 = asm.assemble(t, 5000, pods, List.of(ok(100, 3), ok(50, 1)), Map.of("b", 77.0));
        assertThat(s1.pods().get(0).requests()).isNull();
        assertThat(s1.pods().get(0).activeUsers()).isEqualTo(3.0);
        assertThat(s1.pods().get(1).gpuPercent()).as("GPU from Prometheus fills in").isEqualTo(77.0);
        assertThat(s1.replicas().ready()).isEqualTo(1);

        var s2 = asm.assemble(t.plusSeconds(5), 5000, pods, List.of(ok(130, 4), FAILED), Map.of());
        assertThat(s2.pods().get(0).requests()).isEqualTo(30.0);
        assertThat(s2.pods().get(1).requests()).isNull();
        assertThat(s2.pods().get(1).activeUsers()).isNull();

        var s3 = asm.assemble(t.plusSeconds(10), 5000, pods, List.of(ok(5, 4), ok(60, 1)), Map.of());
        assertThat(s3.pods().get(0).requests()).as("a counter reset counts from zero").isEqualTo(5.0);
        assertThat(s3.pods().get(1).requests()).as("after a failure the next scrape is a first one").isNull();
    }
}
