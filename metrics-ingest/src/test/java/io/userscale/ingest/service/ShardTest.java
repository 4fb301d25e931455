package io.userscale.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userscale.kafka.contract.TargetRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardTest {

    @Test
    void instancesZeroToNMinusOneScrapeEveryTargetExactlyOnceBetweenThem() {
        List<Shard> shards = List.of(Shard.parse("0/3"), Shard.parse("1/3"), Shard.parse(" 2 / 3 "));
        int[] owned = new int[3];
        for (int i = 0; i < 3000; i++) {
            TargetRef t = TargetRef.deployment("ns-" + i % 7, "app-" + i);
            List<Integer> owners = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                if (shards.get(s).owns(t)) {
                    owners.add(s);
                    owned[s]++;
                }
            }
            assertThat(owners).as(t.key()).hasSize(1);
        }
        for (int n : owned) {
            assertThat(n).as("about a third each").isBetween(800, 1200);
        }
        assertThat(Shard.ALL.owns(TargetRef.deployment("a", "b"))).isTrue();
    }

    @Test
    void anythingButIOfNIsRefusedNamingTheProperty() {
        for (String bad : List.of("2", "3/3", "-1/2", "a/b", "1/0", "0/2/4", "")) {
            assertThatThrownBy(() -> Shard.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("userscale.ingest.shard must be i/n");
        }
    }
}
