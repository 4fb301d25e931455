package io.userscale.kafka.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class RateTraceTest {

    static RateTrace read(String csv) throws Exception {
        return RateTrace.read("t.csv", new BufferedReader(new StringReader(csv)));
    }

    @Test
    void readsEvenlySpacedRowsAndInterpolatesPerSecond() throws Exception {
        RateTrace t = read("t_seconds,rate\n0,10\n60,70\n120,10\n");
        assertThat(t.stepS()).isEqualTo(60);
        assertThat(t.seconds()).isEqualTo(180);
        assertThat(t.rateAt(30)).isEqualTo(40);
        assertThat(t.rateAt(150)).isEqualTo(10);
        double[] perSecond = t.perSecond(140);
        assertThat(perSecond).hasSize(180);
        assertThat(perSecond[60]).isEqualTo(140);
        assertThat(perSecond[0]).isEqualTo(20);
    }

    @Test
    void badInputNamesTheLineAndTheProblem() {
        assertThatThrownBy(() -> read("time,value\n0,1\n1,2\n")).hasMessageContaining("line 1: expected the header");
        assertThatThrownBy(() -> read("t_seconds,rate\n0,1\n1,x\n")).hasMessageContaining("line 3: not numbers: 1,x");
        assertThatThrownBy(() -> read("t_seconds,rate\n0,1\n1,-5\n")).hasMessageContaining("line 3: rate must be finite and >= 0");
        assertThatThrownBy(() -> read("t_seconds,rate\n0,1\n1,2\n3,2\n")).hasMessageContaining("evenly spaced");
        assertThatThrownBy(() -> read("t_seconds,rate\n0,1\n")).hasMessageContaining("at least two data lines");
        assertThatThrownBy(() -> read("t_seconds,rate\n0,1\n1,2,3\n")).hasMessageContaining("line 3: expected t_seconds,rate");
    }
}
