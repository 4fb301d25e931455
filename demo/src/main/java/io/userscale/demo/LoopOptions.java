package io.userscale.demo;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options of the local loop that {@code demo}, {@code compare} and {@code chaos} run alike:
 * how often ingest scrapes, how far the actuator may scale and the port gpu-app replicas share.
 * Each command creates it with its own defaults.
 */
final class LoopOptions {

    @Option(names = "--max-replicas", description = "Most gpu-app replicas (default: ${DEFAULT-VALUE}).")
    int maxReplicas;

    @Option(names = "--interval", description = "Scrape interval, s (default: ${DEFAULT-VALUE}).")
    int interval = 2;

    @Option(names = "--port", description = "The port gpu-app replicas serve on; another free one is used if it "
            + "is taken or 0 (default: ${DEFAULT-VALUE}).")
    int port;

    LoopOptions(int maxReplicas, int port) {
        this.maxReplicas = maxReplicas;
        this.port = port;
    }

    /** Refuses, naming the option, a value the loop cannot run with. */
    void validate(CommandLine cli) {
        if (interval <= 0) {
            throw new CommandLine.ParameterException(cli, "--interval must be positive, got " + interval);
        }
        if (maxReplicas < 2) {
            throw new CommandLine.ParameterException(cli, "--max-replicas must be at least 2 to scale, got "
                    + maxReplicas);
        }
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(cli, "--port must be 0-65535, got " + port);
        }
    }
}
