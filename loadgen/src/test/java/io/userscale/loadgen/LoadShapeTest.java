package io.userscale.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LoadShapeTest {

    @TempDir
    Path dir;

    private final CommandLine cli = new CommandLine(CommandLine.Model.CommandSpec.create());
    private final Set<Scenario> stepped = EnumSet.of(Scenario.STEP, Scenario.TRACE);

    @Test
    void aScenarioTheCommandDoesNotRunIsRefusedNamingTheOnesItDoes() {
        assertThatThrownBy(() -> LoadShape.of(cli, "gpu", null, stepped))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--scenario: gpu is not one this command runs; expected one of: step, trace");
        assertThatThrownBy(() -> LoadShape.of(cli, "sideways", null, stepped))
                .hasMessageContaining("--scenario: unknown scenario 'sideways'");
        assertThat(LoadShape.of(cli, "Step", null, stepped)).isEqualTo(new LoadShape(Scenario.STEP, null));
    }

    @Test
    void aTraceComesWithItsFileAndAFileOnlyWithATrace() throws Exception {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, "t_seconds,rate\n0,5\n10,20\n");
        assertThatThrownBy(() -> LoadShape.of(cli, "trace", null, stepped))
                .hasMessageContaining("--scenario trace needs --trace FILE.csv");
        assertThatThrownBy(() -> LoadShape.of(cli, "step", csv, stepped))
                .hasMessageContaining("--trace goes with --scenario trace");
        assertThatThrownBy(() -> LoadShape.of(cli, "trace", dir.resolve("none.csv"), stepped))
                .hasMessageContaining("--trace: trace file not found");

        LoadShape shape = LoadShape.of(cli, "trace", csv, stepped);
        assertThat(shape.scenario()).isEqualTo(Scenario.TRACE);
        assertThat(shape.rates().peak()).isEqualTo(20.0);
    }
}
