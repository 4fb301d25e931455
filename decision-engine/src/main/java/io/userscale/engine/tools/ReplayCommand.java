package io.userscale.engine.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.userscale.engine.policy.Decider;
import io.userscale.engine.policy.Policies;
import io.userscale.engine.policy.Policy;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.TargetSnapshot;
import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.codec.ContractJson;
import io.userscale.kafka.codec.Decoded;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code userscale replay}: runs a recording's snapshots through a policy and writes the
 * decisions. Without {@code --policy} each target is decided by the policy and parameters the live
 * engine applied to it, and the decisions equal the live ones field for field.
 *
 * <p>Besides {@code record}'s lines it reads bare {@code TargetSnapshot}s, one JSON object a line,
 * as Kafka's console consumer prints {@code userscale.metrics} (a {@code key<TAB>} before the object,
 * from {@code --property print.key=true}, is skipped). Such a dump names no policy: without
 * {@code --policy} its targets are decided by {@value #DEFAULT_POLICY} with its defaults.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = "Run recorded snapshots through a policy (by default the one the live engine applied) and write "
                + "the decisions as JSON Lines.")
public final class ReplayCommand implements Callable<Integer> {

    /** The policy for targets whose input names none (bare snapshots) when no --policy is given. */
    static final String DEFAULT_POLICY = "userscale";

    @Option(names = "--input", required = true, paramLabel = "FILE.jsonl", description = "A recording (userscale "
            + "record), or TargetSnapshots one per line as Kafka's console consumer prints userscale.metrics.")
    Path input;

    @Option(names = "--policy", paramLabel = "P", description = "Decide with this policy instead (its own parameters).")
    String policy;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a parameter of --policy.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--output", paramLabel = "FILE.jsonl", description = "Where to write the decisions (default: standard output).")
    Path output;

    @Option(names = "--speed", defaultValue = "max", paramLabel = "max|N",
            description = "As fast as possible, or N times real time (default: ${DEFAULT-VALUE}).")
    String speed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        validate();
        ObjectMapper mapper = ContractJson.mapper();
        Map<String, Decision.PolicyRef> recorded = new HashMap<>();
        Map<String, Decider<Object>> deciders = new HashMap<>();
        Map<String, Decider.TargetState<Object>> states = new HashMap<>();
        int decided = 0;
        int changes = 0;
        long previousTs = Long.MIN_VALUE;
        PrintWriter err = spec.commandLine().getErr();
        Writer sink = output == null ? new OutputStreamWriter(System.out, StandardCharsets.UTF_8)
                : Files.newBufferedWriter(output, StandardCharsets.UTF_8);
        try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
             BufferedWriter w = new BufferedWriter(sink)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                Recording r = parse(mapper, line, lineNo);
                if (Recording.POLICY.equals(r.kind())) {
                    recorded.put(r.target(), r.policy());
                    continue;
                }
                if (!Recording.SNAPSHOT.equals(r.kind()) || r.snapshot() == null) {
                    throw new IllegalArgumentException(input + ": line " + lineNo + ": unknown kind " + r.kind());
                }
                var snapshot = r.snapshot();
                String key = snapshot.key();
                Decider<Object> decider = deciders.computeIfAbsent(key, k -> deciderFor(k, recorded.get(k)));
                var state = states.computeIfAbsent(key, k -> decider.initialState());
                long ts = snapshot.ts().toEpochMilli();
                if (factor > 0 && previousTs != Long.MIN_VALUE && ts > previousTs) {
                    Thread.sleep((long) ((ts - previousTs) / factor));
                }
                previousTs = Math.max(previousTs, ts);
                var outcome = decider.decide(state, snapshot,
                        r.topic() == null ? null : new Decision.InputRef(r.topic(), r.partition(), r.offset()));
                states.put(key, outcome.state());
                if (outcome instanceof Decider.Outcome.Decided<Object> d) {
                    w.write(mapper.writeValueAsString(d.decision()));
                    w.newLine();
                    decided++;
                    if (d.command() != null) {
                        changes++;
                    }
                }
            }
        } catch (NoSuchFileException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--input: no such file: " + input);
        }
        err.printf("replayed %d decisions (%d replica changes) for %d targets%n", decided, changes, deciders.size());
        return 0;
    }

    /** One input line: a recording line, or a bare snapshot (after any console-consumer key). */
    private Recording parse(ObjectMapper mapper, String line, int lineNo) {
        String json = line.strip();
        int tab = json.indexOf('\t');
        if (!json.startsWith("{") && tab >= 0) {
            json = json.substring(tab + 1).strip(); // key<TAB>value, as --property print.key=true prints it
        }
        com.fasterxml.jackson.databind.JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(input + ": line " + lineNo + ": not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject() || !node.has("kind")) { // not a recording line: a bare snapshot
            Decoded<TargetSnapshot> d = SNAPSHOTS.decode(json.getBytes(StandardCharsets.UTF_8));
            if (d instanceof Decoded.Valid<TargetSnapshot> ok) {
                return new Recording(Recording.SNAPSHOT, null, null, null, ok.value(), null, null);
            }
            throw new IllegalArgumentException(input + ": line " + lineNo + ": not a valid TargetSnapshot: "
                    + ((Decoded.Invalid<TargetSnapshot>) d).error());
        }
        try {
            return mapper.treeToValue(node, Recording.class);
        } catch (Exception e) {
            throw new IllegalArgumentException(input + ": line " + lineNo + ": not a recording line: "
                    + e.getMessage());
        }
    }

    private static final ContractCodec<TargetSnapshot> SNAPSHOTS = ContractCodec.of(ContractType.TARGET_SNAPSHOT);

    @SuppressWarnings("unchecked")
    private Decider<Object> deciderFor(String key, Decision.PolicyRef live) {
        Policy<?> p;
        if (policy != null) {
            p = Policies.byName(policy, overrides);
        } else if (live != null) {
            p = Policies.byName(live.name(), live.parameters());
            if (!p.version().equals(live.version())) {
                spec.commandLine().getErr().printf("warning: %s was decided by %s %s, replaying with version %s%n",
                        key, live.name(), live.version(), p.version());
            }
        } else {
            spec.commandLine().getErr().printf("%s: the input names no policy; deciding with %s and its defaults "
                    + "(choose another with --policy)%n", key, DEFAULT_POLICY);
            p = Policies.byName(DEFAULT_POLICY, Map.of());
        }
        return (Decider<Object>) (Decider<?>) new Decider<>(p);
    }

    private double factor;

    /** Checks every option before anything is read or written. */
    void validate() {
        factor = parseSpeed();
        if (policy != null && !Policies.known(policy)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--policy: unknown policy '" + policy
                    + "'; known: " + Policies.knownNames());
        }
        if (policy != null) {
            Choices.overrides("--set", List.of(policy), overrides, spec);
        } else if (!overrides.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--set changes the parameters of --policy; "
                    + "name the policy too");
        }
        if (!Files.isRegularFile(input)) {
            throw new CommandLine.ParameterException(spec.commandLine(), Files.exists(input)
                    ? "--input: " + input + " is not a regular file" : "--input: no such file: " + input);
        }
        if (output != null && Files.isDirectory(output)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--output: " + output + " is a folder");
        }
    }

    private double parseSpeed() {
        if ("max".equals(speed)) {
            return 0;
        }
        try {
            double f = Double.parseDouble(speed);
            if (f >= 0.01 && Double.isFinite(f)) {
                return f;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "--speed must be max or a number of times real time, at least 0.01, got: "
                + speed);
    }
}
