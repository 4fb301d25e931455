package io.userscale.engine.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a new user reads first: a short README with the two commands at its top, and every file a
 * README or docs page links to or uses in an example present in the repository.
 */
class DocumentedPathsTest {

    static final Path ROOT = ShippedTracesTest.ROOT;
    static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]*)(#[^)]*)?\\)");
    /** A path into the repository: a top-level folder, then more, e.g. traces/x.csv or k8s/base/crd/. */
    static final Pattern PATH = Pattern.compile("(?<![\\w/$.-])((?:traces|k8s|scripts|docs|kafka|"
            + "metrics-ingest|decision-engine|actuator|gpu-app|loadgen|demo|deploy)/[A-Za-z0-9_./-]*[A-Za-z0-9_/-])");

    @Test
    void theReadmeStartsWithTheTwoCommandsAndStaysShort() throws Exception {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        assertThat(lines).as("README lines").hasSizeLessThanOrEqualTo(250);
        String top = String.join("\n", lines.subList(0, 40));
        assertThat(top).contains("./userscale demo").contains("./userscale test");
        assertThat(ROOT.resolve("docs/demo-report.png")).as("the README's picture").isRegularFile();
    }

    @Test
    void everyPathTheDocsLinkToOrUseExists() throws Exception {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("traces/README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        assertThat(pages).hasSizeGreaterThan(4);
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            String text = Files.readString(page);
            Matcher l = LINK.matcher(text);
            while (l.find()) {
                String target = l.group(1);
                if (target.isEmpty() || target.matches("^[a-z]+:.*")) {
                    continue; // an anchor on the same page, or a web address
                }
                checked++;
                if (!Files.exists(page.getParent().resolve(target).normalize())) {
                    missing.add(ROOT.relativize(page) + " links to " + target);
                }
            }
            Matcher p = PATH.matcher(text);
            while (p.find()) {
                String path = p.group(1);
                if (path.contains("/target/") || GENERATED.stream().anyMatch(path::startsWith) || NOT_PATHS.contains(path)) {
                    continue; // made by the build or by the example itself
                }
                checked++;
                if (!Files.exists(ROOT.resolve(path))) {
                    missing.add(ROOT.relativize(page) + " uses " + path);
                }
            }
        }
        assertThat(checked).isGreaterThan(30);
        assertThat(missing).as("paths the docs name that are not in the repository").isEmpty();
    }

    /** Names that look like paths but are not: kubectl's deploy/NAME, a target's namespace/name. */
    static final Set<String> NOT_PATHS = Set.of("deploy/actuator", "deploy/decision-engine", "deploy/metrics-ingest",
            "deploy/gpu-app", "demo/gpu-app");

    /** Paths the examples themselves create. */
    static final Set<String> GENERATED = Set.of("synth/", "held/", "docs/demo-report.png.");
}
