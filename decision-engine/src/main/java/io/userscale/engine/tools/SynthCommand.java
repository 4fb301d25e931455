package io.userscale.engine.tools;

import io.userscale.engine.sim.Synthetic;
import io.userscale.kafka.contract.RateTrace;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code userscale synth}: synthetic traces of other shapes, to judge policies on traffic nobody tuned them for. */
@Command(name = "synth", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = "Write synthetic request-rate traces (t_seconds,rate) of shapes real services show: flash "
                + "crowds, clustered bursts with idle gaps, daily cycles with spikes, slow growth, steps, ramps and timer-triggered jobs. "
                + "Each seed gives another trace of the shape.")
public final class SynthCommand implements Callable<Integer> {

    @Option(names = "--shape", defaultValue = "all", paramLabel = "all|S,...",
            description = "Shapes (default: all): flash-crowd, clustered-bursts, daily-spikes, slow-growth, steps, ramps, timers.")
    String shapes;

    @Option(names = "--seeds", defaultValue = "1", paramLabel = "N|A-B", description = "Seeds: one, or a range (default: ${DEFAULT-VALUE}).")
    String seeds;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write <shape>-<seed>.csv into.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        validate();
        Files.createDirectories(out);
        PrintWriter o = spec.commandLine().getOut();
        for (Synthetic.Shape shape : chosen) {
            for (long seed = from; seed <= to; seed++) {
                RateTrace t = Synthetic.trace(shape, seed);
                Path f = out.resolve(t.name() + ".csv");
                write(t, f);
                o.printf(Locale.ROOT, "wrote %s (%d points every %s s, peak %.0f)%n", f, t.rates().length,
                        t.stepS() == Math.rint(t.stepS()) ? Long.toString((long) t.stepS()) : Double.toString(t.stepS()),
                        t.peak());
            }
        }
        return 0;
    }

    private final List<Synthetic.Shape> chosen = new ArrayList<>();
    private long from;
    private long to;

    /** Checks every option before anything is written. */
    void validate() {
        chosen.clear();
        try {
            if (shapes.equals("all")) {
                chosen.addAll(List.of(Synthetic.Shape.values()));
            } else {
                for (String s : shapes.split(",")) {
                    chosen.add(Synthetic.Shape.parse(s));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--shape: " + e.getMessage());
        }
        long[] range = Choices.seeds("--seeds", seeds, 1001, spec);
        from = range[0];
        to = range[range.length - 1];
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out: " + out + " exists and is not a folder");
        }
    }

    static void write(RateTrace t, Path f) throws java.io.IOException {
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write("t_seconds,rate\n");
            double[] r = t.rates();
            for (int i = 0; i < r.length; i++) {
                w.write(String.format(Locale.ROOT, "%s,%.3f%n", Double.toString(i * t.stepS()).replaceAll("\\.0$", ""), r[i]));
            }
        }
    }
}
