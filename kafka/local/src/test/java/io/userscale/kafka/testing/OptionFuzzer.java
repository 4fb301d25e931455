package io.userscale.kafka.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Seeded random command lines for a picocli command, each parsed and then validated the way the
 * command does before it starts anything. Every case must end one of two ways: accepted, or
 * refused with a {@link CommandLine.ParameterException} whose message is one line that names the
 * problem — an option, a value or an argument — and no internals (an exception's class, a stack
 * frame). Anything else thrown is a finding.
 *
 * <p>Values come from pools by the option's type: numbers in range and out of it (0, negatives,
 * overflow, NaN, infinities, subnormals, hex, other scripts' digits), text (empty, blank, unicode,
 * separators, very long), paths (a valid trace, an empty file, garbage, a directory, missing), and
 * command lines malformed as a user might type them (a missing value, an unknown option, a stray
 * argument, an option twice).
 */
public final class OptionFuzzer {

    /** What a command checks before it runs, given the parsed command object. */
    public interface Check<T> {
        void validate(T command) throws Exception;
    }

    /** A command to fuzz: its name, a fresh instance at its defaults, and its check. */
    public record Subject(String name, Supplier<Object> make, Consumer<Object> validate) {

        @SuppressWarnings("unchecked")
        public static <T> Subject of(String name, Supplier<T> make, Check<T> check) {
            return new Subject(name, make::get, o -> {
                try {
                    check.validate((T) o);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) { // a checked exception out of a check is a finding too
                    throw new IllegalStateException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
                }
            });
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Fuzzes a subject; see {@link #fuzz(String, Supplier, Consumer, int, long)}. */
    public Report fuzz(Subject subject, int cases) {
        return fuzz(subject.name(), subject.make(), subject.validate(), cases, subject.name().hashCode());
    }

    /** The number of cases a test runs: {@code -Dfuzz.cases=N}, else 1,500. */
    public static int cases() {
        return Integer.getInteger("fuzz.cases", 1500);
    }

    /** What a run found. */
    public record Report(String command, int cases, int accepted, int refused, Map<String, String> findings) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT,
                    "%s: %d cases, %d accepted, %d refused, %d findings", command, cases, accepted, refused, findings.size()));
            findings.forEach((problem, args) -> b.append("\n  ").append(problem).append("\n    from: ").append(args));
            return b.toString();
        }
    }

    /** Text that must not reach a user: exception classes, stack frames, Java's own renderings. */
    private static final Pattern INTERNALS = Pattern.compile(
            "Exception|Error:|\\bat [a-z]+\\.[a-z]|\\.java:\\d+|java\\.|(?<![/'])\\bnull\\b|\\[L[a-z]|@[0-9a-f]{6,}");

    private final Path dir;
    private final List<String> files;

    /** @param dir a folder for the files the path options are given (created here) */
    public OptionFuzzer(Path dir) throws IOException {
        this.dir = dir;
        Path trace = dir.resolve("trace.csv");
        StringBuilder csv = new StringBuilder("t_seconds,rate\n");
        for (int t = 0; t < 600; t += 10) {
            csv.append(t).append(',').append(10 + (t % 120)).append('\n');
        }
        Files.writeString(trace, csv, StandardCharsets.UTF_8);
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        Path garbage = Files.write(dir.resolve("garbage.bin"), new byte[] {(byte) 0xff, 0, 0x1b, '\n', ',', '{'});
        Path json = Files.writeString(dir.resolve("grid.json"), "{\"scenarios\":[{\"name\":\"x\",\"scrapeS\":-1}]}");
        Path lines = Files.writeString(dir.resolve("lines.jsonl"), "{\"kind\":\"snapshot\"}\nnot json\n");
        Path folder = Files.createDirectories(dir.resolve("folder"));
        files = List.of(trace.toString(), trace.toString(), empty.toString(), garbage.toString(), json.toString(),
                lines.toString(), folder.toString(), dir.resolve("missing.csv").toString(), "", "/dev/null",
                dir.resolve("out/sub/f.json").toString());
    }

    private static final List<String> INTEGERS = List.of("0", "1", "2", "3", "5", "10", "60", "-1", "-3", "100000",
            "2147483648", "-2147483649", "99999999999999999999", "1.5", "abc", "", " ", "٣", "0x10", "+7", "1e3");
    private static final List<String> DECIMALS = List.of("0", "0.5", "1", "2", "5", "30", "-1", "-0.0", "1e309",
            "-1e309", "NaN", "Infinity", "-Infinity", "1e-320", "abc", "", "4,5", "٣", "0x1p3");
    private static final List<String> TEXT = List.of("", " ", "x", "all", "-", ",", ",,", "a,b", "ü😀", "../..",
            "1-3", "3-1", "5", "-5", "1e9", "NaN", "none", "default", "a=b", "=", "KEY=", "=1", "a:b", ":",
            "127.0.0.1:0", "localhost:99999", "2026-01-01T00:00:00Z", "yesterday", "ns/name", "/", "x".repeat(5000));

    /**
     * Runs {@code cases} random command lines through a fresh command each.
     *
     * @param name     the command, for the report
     * @param command  a new command object (its options at their defaults)
     * @param validate what the command checks before it runs (its {@code validate()}), given the
     *                 parsed command object
     */
    public Report fuzz(String name, Supplier<Object> command, Consumer<Object> validate, int cases, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        var spec = new CommandLine(command.get()).getCommandSpec();
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.usageHelp() && !o.versionHelp()).toList();
        List<String> positional = spec.positionalParameters().stream()
                .map(p -> p.paramLabel().replaceAll("[<>]", "")).toList();
        Map<String, String> findings = new TreeMap<>();
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < cases; i++) {
            List<String> args = commandLine(options, random);
            for (String label : positional) { // a positional parameter: its label (e.g. engine) most of the time
                if (random.nextInt(10) > 0) {
                    args.add(label.matches("[a-z]+") && random.nextBoolean() ? label : pick(TEXT, random));
                }
            }
            Object target = command.get();
            CommandLine cli = new CommandLine(target);
            try {
                cli.parseArgs(args.toArray(String[]::new));
                validate.accept(target);
                accepted++;
            } catch (CommandLine.ParameterException e) {
                refused++;
                String problem = judge(e.getMessage(), options, args);
                if (problem != null) {
                    findings.putIfAbsent(problem + ": " + e.getMessage(), String.join(" ", abbreviated(args)));
                }
            } catch (RuntimeException | Error e) {
                findings.putIfAbsent(e.getClass().getSimpleName() + ": " + e.getMessage(),
                        String.join(" ", abbreviated(args)));
            }
        }
        return new Report(name, cases, accepted, refused, findings);
    }

    /** Why a refusal's message would not do for a user, or null when it does. */
    static String judge(String message, List<OptionSpec> options, List<String> args) {
        if (message == null || message.isBlank()) {
            return "empty message";
        }
        if (message.strip().contains("\n")) {
            return "more than one line";
        }
        if (INTERNALS.matcher(message).find()) {
            return "internals";
        }
        boolean named = message.contains("Unmatched argument") || message.contains("Unknown option")
                || message.contains("Missing required") || message.contains("Expected parameter")
                || options.stream().anyMatch(o -> java.util.Arrays.stream(o.names()).anyMatch(message::contains))
                || args.stream().anyMatch(a -> message.contains("'" + a + "'")); // a value named, quoted
        return named ? null : "names no option";
    }

    private List<String> commandLine(List<OptionSpec> options, SplittableRandom random) {
        List<String> args = new ArrayList<>();
        Map<OptionSpec, Boolean> chosen = new LinkedHashMap<>();
        for (OptionSpec o : options) { // required options are there most of the time, so the checks behind them run
            if (o.required() && random.nextInt(10) > 0) {
                chosen.put(o, true);
            }
        }
        int extra = random.nextInt(5);
        for (int k = 0; k < extra && !options.isEmpty(); k++) {
            chosen.put(options.get(random.nextInt(options.size())), false);
        }
        for (var e : chosen.entrySet()) {
            OptionSpec o = e.getKey();
            String flag = o.longestName();
            if (o.arity().max() == 0) {
                args.add(flag);
                continue;
            }
            String value = value(o, random, e.getValue());
            if (random.nextInt(8) == 0) {
                args.add(flag + "=" + value);
            } else {
                args.add(flag);
                args.add(value);
            }
            if (random.nextInt(20) == 0) { // the same option twice
                args.add(flag);
                args.add(value(o, random, false));
            }
        }
        switch (random.nextInt(12)) {
            case 0 -> args.add("--no-such-option");
            case 1 -> args.add("stray");
            case 2 -> { // an option left without its value, at the end
                if (!options.isEmpty()) {
                    args.add(options.get(random.nextInt(options.size())).longestName());
                }
            }
            default -> { }
        }
        return args;
    }

    private String value(OptionSpec o, SplittableRandom random, boolean plausible) {
        Class<?> type = o.type();
        if (Path.class.isAssignableFrom(type) || java.io.File.class.isAssignableFrom(type)
                || o.paramLabel().toUpperCase(java.util.Locale.ROOT).contains("FILE")) {
            return plausible && random.nextBoolean() ? files.getFirst() : pick(files, random);
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return pick(INTEGERS, random);
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return pick(DECIMALS, random);
        }
        if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            return random.nextBoolean() ? constants[random.nextInt(constants.length)].toString().toLowerCase(
                    java.util.Locale.ROOT) : pick(TEXT, random);
        }
        List<String> candidates = new ArrayList<>();
        if (o.completionCandidates() != null) {
            o.completionCandidates().forEach(candidates::add);
        }
        if (o.defaultValue() != null && !o.defaultValue().isEmpty()) {
            candidates.add(o.defaultValue());
        }
        if (!candidates.isEmpty() && (plausible || random.nextInt(3) == 0)) {
            return pick(candidates, random);
        }
        if (type == Instant.class || type == Duration.class) {
            return pick(TEXT, random);
        }
        return random.nextInt(4) == 0 ? pick(INTEGERS, random) : pick(TEXT, random);
    }

    private static String pick(List<String> from, SplittableRandom random) {
        return from.get(random.nextInt(from.size()));
    }

    private static List<String> abbreviated(List<String> args) {
        return args.stream().map(a -> a.length() > 40 ? a.substring(0, 12) + "…(" + a.length() + " chars)" : a).toList();
    }

    /** The folder the path options point into. */
    public Path dir() {
        return dir;
    }
}
