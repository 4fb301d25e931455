package io.userscale.kafka.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BucketsTest {

    @Test
    void histogramsBuiltFromAKnownLayoutShareItWithThoseParsedFromAMap() {
        Buckets.Layout layout = Buckets.layout("50", "100", "+Inf");
        Buckets fast = Buckets.of(layout, new double[] {1, 3, 4});
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("+Inf", 4.0);
        map.put("100", 3.0);
        map.put("50", 1.0);
        Buckets parsed = Buckets.of(map);
        assertThat(fast.layout()).isSameAs(parsed.layout());
        assertThat(fast).isEqualTo(parsed);
        assertThat(fast.countArray()).containsExactly(1, 3, 4);
    }

    @Test
    void aLayoutMustBeAscendingNumbersAndCountsMustMatchIt() {
        assertThatThrownBy(() -> Buckets.layout("100", "50", "+Inf")).hasMessageContaining("ascending");
        assertThatThrownBy(() -> Buckets.layout("fast", "+Inf")).hasMessageContaining("must be");
        assertThatThrownBy(() -> Buckets.of(Buckets.layout("1", "+Inf"), new double[] {1}))
                .hasMessageContaining("expected 2 counts, got 1");
    }
}
