package io.userscale.loadgen;

import io.userscale.kafka.contract.RateTrace;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * A load command's {@code --scenario} and {@code --trace}, checked alike by every command that
 * offers load ({@code loadgen}, {@code demo}, {@code compare}): the scenario is one the command
 * runs, {@code trace} comes with its file and the file only with {@code trace}, and the file is read
 * before anything starts.
 *
 * @param scenario the scenario
 * @param rates    the trace of {@code --scenario trace}, else null
 */
public record LoadShape(Scenario scenario, RateTrace rates) {

    /**
     * Parses and checks {@code --scenario name} and {@code --trace file} for {@code cli}.
     *
     * @param allowed the scenarios the command runs
     * @throws CommandLine.ParameterException naming the option and the problem
     */
    public static LoadShape of(CommandLine cli, String name, Path trace, Set<Scenario> allowed) {
        Scenario s;
        try {
            s = Scenario.parse(name);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "--scenario: " + e.getMessage());
        }
        if (!allowed.contains(s)) {
            throw new CommandLine.ParameterException(cli, "--scenario: " + s.cliName() + " is not one this command "
                    + "runs; expected one of: " + Arrays.stream(Scenario.values()).filter(allowed::contains)
                    .map(Scenario::cliName).collect(Collectors.joining(", ")));
        }
        if (s != Scenario.TRACE) {
            if (trace != null) {
                throw new CommandLine.ParameterException(cli, "--trace goes with --scenario trace");
            }
            return new LoadShape(s, null);
        }
        if (trace == null) {
            throw new CommandLine.ParameterException(cli, "--scenario trace needs --trace FILE.csv (t_seconds,rate)");
        }
        try {
            return new LoadShape(s, RateTrace.read(trace));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "--trace: " + e.getMessage());
        }
    }
}
