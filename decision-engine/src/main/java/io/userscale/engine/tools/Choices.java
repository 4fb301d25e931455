package io.userscale.engine.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.userscale.engine.policy.Policies;
import io.userscale.engine.sim.Arrivals;
import io.userscale.engine.sim.Simulation;
import io.userscale.kafka.contract.RateTrace;
import io.userscale.kafka.topic.ClientConfigs;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** What the offline tools' options name, read once, each problem named after its option. */
final class Choices {

    private Choices() {
    }

    /** {@code all} (the default set) or a comma-separated list of known policies. */
    static List<String> policies(String option, String value, CommandLine.Model.CommandSpec spec) {
        List<String> names = value.equals("all") ? Simulation.DEFAULT_POLICIES : List.of(value.split("\\s*,\\s*"));
        for (String n : names) {
            if (!Policies.known(n)) {
                throw new CommandLine.ParameterException(spec.commandLine(), option + ": unknown policy '" + n
                        + "'; known: " + Policies.knownNames());
            }
        }
        return names;
    }

    /** The seeds {@code N} or {@code A-B} names, at most {@code most} of them; otherwise an error naming the option. */
    static long[] seeds(String option, String value, int most, CommandLine.Model.CommandSpec spec) {
        long from;
        long to;
        try {
            String[] parts = value.split("-", 2);
            from = Long.parseLong(parts[0].trim());
            to = parts.length == 2 ? Long.parseLong(parts[1].trim()) : from;
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": expected N or A-B, got " + value);
        }
        if (to < from || to - from >= most) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": expected A-B with A <= B, at most "
                    + most + " seeds, got " + value);
        }
        return java.util.stream.LongStream.rangeClosed(from, to).toArray();
    }

    /** {@code fluid} or {@code poisson}. */
    static Arrivals arrivals(String value, CommandLine.Model.CommandSpec spec) {
        try {
            return Arrivals.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--arrivals: " + e.getMessage());
        }
    }

    /** A trace file, named by its file name. */
    static RateTrace trace(String option, Path file, CommandLine.Model.CommandSpec spec) {
        if (!Files.exists(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": no such file: " + file);
        }
        try {
            return RateTrace.read(file); // its problems are named by the path, line and what was wrong
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    /** What went wrong reading a file, without the exception's class. */
    static String reason(Exception e) {
        if (e instanceof JsonProcessingException j && j.getOriginalMessage() != null) {
            return j.getOriginalMessage().lines().findFirst().orElse("not JSON");
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof FileSystemException || e.getMessage() == null) {
            return "cannot be read";
        }
        return e.getMessage();
    }

    /** Kafka bootstrap servers, HOST:PORT[,HOST:PORT...], each port 1-65535. */
    static void bootstrap(String option, String value, CommandLine.Model.CommandSpec spec) {
        String problem = ClientConfigs.bootstrapProblem(value);
        if (problem != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + problem);
        }
    }

    /** Each policy built with the {@code --set} overrides, so a bad one is refused before anything runs. */
    static void overrides(String option, List<String> names, Map<String, String> overrides,
                          CommandLine.Model.CommandSpec spec) {
        for (String n : names) {
            try {
                Policies.byName(n, overrides);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
            }
        }
    }

    /** A message that starts with a parameter's name (peakPods ...), starting with its option instead (--peak-pods ...). */
    static String asOption(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^([a-z]+[A-Za-z]*) ").matcher(message);
        if (!m.find()) {
            return message;
        }
        String option = "--" + m.group(1).replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
        return option + message.substring(m.group(1).length());
    }
}
