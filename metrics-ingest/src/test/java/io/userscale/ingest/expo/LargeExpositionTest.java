package io.userscale.ingest.expo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A megabyte of exposition (thousands of pods' worth of series) parses whole. */
class LargeExpositionTest {

    /** The gpu-app fixture, then its samples again with a {@code pod} label each time, up to 1 MiB. */
    private static String megabyte() {
        String[] lines = Fixtures.text(Fixtures.GPU_APP).split("\n");
        StringBuilder b = new StringBuilder(1 << 21).append(String.join("\n", lines)).append('\n');
        for (int copy = 1; b.length() < 1 << 20; copy++) {
            String pod = "pod=\"gpu-app-7d9f8-" + copy + "\"";
            for (String line : lines) {
                if (line.startsWith("#")) {
                    continue;
                }
                int brace = line.indexOf('{');
                int space = line.indexOf(' ');
                b.append(brace >= 0 && brace < space
                        ? line.substring(0, brace + 1) + pod + "," + line.substring(brace + 1)
                        : line.substring(0, space) + "{" + pod + "}" + line.substring(space)).append('\n');
            }
        }
        return b.toString();
    }

    @Test
    void oneMegabyteParsesWhole() {
        String text = megabyte();
        int copies = (text.split("\n").length - 131) / 85 + 1;

        long start = System.nanoTime();
        Exposition e = Exposition.parse(text);
        long took = System.nanoTime() - start;

        assertThat(e.skipped()).isEmpty();
        assertThat(e.samples()).hasSize(85 * copies);
        assertThat(Signals.extract(e, SignalMapping.defaults()).requests()).isEqualTo(25.0 * copies);
        System.out.printf("parsed %d chars, %d samples in %.1f ms%n", text.length(), e.samples().size(), took / 1e6);
    }
}
