package io.userscale.ingest.scrape;

import io.userscale.ingest.expo.Exposition;
import io.userscale.ingest.expo.Format;
import io.userscale.ingest.expo.ScrapeReport;
import io.userscale.ingest.expo.SignalMapping;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code userscale scrape URL|--file FILE [--json]}: what userscale would extract from one endpoint. */
@Command(name = "userscale scrape", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = {"Scrape one Prometheus/OpenMetrics endpoint (or read a saved exposition) and print what "
                + "userscale extracts from it: the signals (users, cpu, gpu, in-flight, requests, latency "
                + "histogram), then every line it could not parse, with the reason.",
                "--json prints {\"families\": F, \"samples\": N, \"skipped\": [{\"line\": n, \"reason\": \"...\"}], "
                        + "\"signals\": {...}}."})
public final class ScrapeCli implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "URL", description = "A metrics endpoint, e.g. http://127.0.0.1:9000/q/metrics.")
    String url;

    @Option(names = "--file", paramLabel = "FILE", description = "Read an exposition from a file instead.")
    Path file;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = "--timeout", defaultValue = "5s", paramLabel = "DURATION",
            description = "Scrape timeout, e.g. 2s or 500ms (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--max-bytes", defaultValue = "16777216", description = "Largest response read (default: ${DEFAULT-VALUE}).")
    int maxBytes;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ScrapeCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("userscale scrape: " + e.getMessage());
            return 1;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("userscale scrape: " + e.getMessage() + " (try ./userscale scrape --help)");
            return 2;
        });
        return cli;
    }

    private URI uri;
    private Duration t;

    /** Checks every option before anything is read or scraped. */
    void validate() {
        if ((url == null) == (file == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give either a URL or --file FILE");
        }
        if (maxBytes < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-bytes must be positive, got " + maxBytes);
        }
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new CommandLine.ParameterException(spec.commandLine(), Files.exists(file)
                        ? "--file: " + file + " is not a regular file" : "--file: no such file: " + file);
            }
            return;
        }
        try {
            uri = URI.create(url);
            if (uri.getHost() == null || uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "URL '" + url + "': " + e.getMessage());
        }
        try {
            t = parseDuration(timeout);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout: " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        validate();
        Exposition exposition;
        if (file != null) {
            try {
                exposition = Exposition.parse(Files.readAllBytes(file), Format.AUTO, maxBytes);
            } catch (NoSuchFileException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--file: no such file: " + file);
            }
        } else {
            try (Scraper scraper = new Scraper(t, maxBytes)) {
                Scraper.Result r = scraper.scrapeNow(uri);
                if (!r.ok()) {
                    throw new IllegalStateException("cannot scrape " + url + ": " + r.error());
                }
                exposition = r.exposition();
            }
        }
        ScrapeReport report = ScrapeReport.of(exposition, SignalMapping.defaults());
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? report.toJsonText() : report.toText());
        out.flush();
        return 0;
    }

    static Duration parseDuration(String s) {
        String v = s.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return positive(Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2))), s);
            }
            if (v.endsWith("s")) {
                return positive(Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000)), s);
            }
            return positive(Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000)), s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a duration like 2s or 500ms, got '" + s + "'");
        }
    }

    private static Duration positive(Duration d, String s) {
        if (d.isNegative() || d.isZero() || d.toSeconds() > 3600) {
            throw new IllegalArgumentException("expected a duration between 1ms and 1h, got '" + s + "'");
        }
        return d;
    }
}
