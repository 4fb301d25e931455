package io.userscale.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code chaos}'s options are checked before anything starts, each mistake named. */
class ChaosCommandTest {

    private String run(int expectedExit, String... args) {
        StringWriter err = new StringWriter();
        var cli = ChaosCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute(args)).isEqualTo(expectedExit);
        return err.toString();
    }

    @Test
    void anUnknownFaultIsNamedWithTheKnownOnes() {
        assertThat(run(2, "--faults", "engine-kill,meteor")).startsWith("userscale chaos: --faults: unknown fault "
                + "'meteor'; known: engine-kill, ingest-kill").contains("(try ./userscale chaos --help)");
    }

    @Test
    void numbersOutOfRangeAreNamed() {
        assertThat(run(2, "--outage-s", "0")).startsWith("userscale chaos: --outage-s must be at least 1, got 0");
        assertThat(run(2, "--rate", "NaN")).startsWith("userscale chaos: --rate must be above 0, got NaN");
        assertThat(run(2, "--interval", "x")).startsWith("userscale chaos: Invalid value for option '--interval'");
    }
}
