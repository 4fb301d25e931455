package io.userscale.ingest.expo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seeded random mutations of the real fixtures: nothing escapes, and damage is seen. */
class FuzzTest {

    private static final int ROUNDS = 400;

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.GPU_APP, Fixtures.OPENMETRICS, Fixtures.NODE_EXPORTER})
    void randomByteMutationsNeverThrow(String fixture) {
        byte[] original = Fixtures.bytes(fixture);
        Random random = new Random(fixture.hashCode());
        for (int round = 0; round < ROUNDS; round++) {
            byte[] mutated = mutateBytes(original, random);
            Exposition e = Exposition.parse(mutated, Format.AUTO, Exposition.DEFAULT_MAX_BYTES);

            assertThat(e.samples().size() + e.skippedCount()).as("round %d", round)
                    .isLessThanOrEqualTo(e.lineCount() + 1);
            assertThat(e.skipped()).allSatisfy(s -> {
                assertThat(s.line()).isBetween(1, e.lineCount() + 1);
                assertThat(s.reason()).isNotBlank().doesNotStartWith("internal");
            });
            assertThat(e.samples()).allSatisfy(s -> assertThat(e.familyOf(s)).isNotNull());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.GPU_APP, Fixtures.OPENMETRICS, Fixtures.NODE_EXPORTER})
    void aDamagedSampleLineIsSkippedAndEveryOtherKept(String fixture) {
        String[] lines = Fixtures.text(fixture).split("\n", -1);
        int samples = Exposition.parse(Fixtures.text(fixture)).samples().size();
        List<Integer> sampleLines = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isEmpty() && !lines[i].startsWith("#")) {
                sampleLines.add(i);
            }
        }
        Random random = new Random(fixture.hashCode() * 31L);
        for (int round = 0; round < ROUNDS; round++) {
            int k = sampleLines.get(random.nextInt(sampleLines.size()));
            String[] damaged = lines.clone();
            int op = random.nextInt(5);
            damaged[k] = damage(lines[k], op, random);
            Exposition e = Exposition.parse(String.join("\n", damaged));

            assertThat(e.skipped()).as("round %d, op %d: %s", round, op, damaged[k])
                    .extracting(SkippedLine::line).containsExactly(k + 1);
            assertThat(e.samples()).hasSize(samples - 1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.GPU_APP, Fixtures.OPENMETRICS, Fixtures.NODE_EXPORTER})
    void linesOfBinaryNoiseAreEachSkipped(String fixture) {
        List<String> lines = new ArrayList<>(Arrays.asList(Fixtures.text(fixture).split("\n")));
        int samples = Exposition.parse(Fixtures.text(fixture)).samples().size();
        Random random = new Random(fixture.hashCode() * 17L);
        int inserted = 0;
        for (int round = 0; round < 40; round++) {
            byte[] noise = new byte[1 + random.nextInt(300)];
            random.nextBytes(noise);
            noise[0] = (byte) (1 + random.nextInt(8)); // a control character: no name, comment or blank starts so
            String line = new String(noise, StandardCharsets.ISO_8859_1).replace('\n', '?').replace('\r', '?');
            lines.add(random.nextInt(lines.size() - 1), line); // before # EOF, where there is one
            inserted++;
        }
        Exposition e = Exposition.parse(String.join("\n", lines) + "\n");

        assertThat(e.skippedCount()).isEqualTo(inserted);
        assertThat(e.skipped()).allSatisfy(s -> assertThat(s.reason()).startsWith("bad metric name '\\u000"));
        assertThat(e.samples()).hasSize(samples);
    }

    /** One of five kinds of damage that no reader can take for a valid sample line. */
    private static String damage(String line, int op, Random random) {
        int open = line.indexOf('{');
        int nameEnd = open >= 0 ? open : line.indexOf(' ');
        return switch (op) {
            // cut inside the label set (or just after the name: no value)
            case 0 -> open >= 0 ? line.substring(0, open + 1 + random.nextInt(line.indexOf('}') - open))
                    : line.substring(0, nameEnd);
            // a character no metric name has, inside the name
            case 1 -> {
                int at = 1 + random.nextInt(nameEnd - 1);
                yield line.substring(0, at) + "-.!@%".charAt(random.nextInt(5)) + line.substring(at);
            }
            // trailing text that is neither timestamp nor exemplar
            case 2 -> line + " ts? " + random.nextInt(1000);
            // the first label twice, or no value at all
            case 3 -> open >= 0 && line.charAt(open + 1) != '}'
                    ? line.substring(0, open + 1) + line.substring(open + 1, line.indexOf('"', line.indexOf('"', open) + 1) + 1)
                            + "," + line.substring(open + 1)
                    : line.substring(0, nameEnd);
            // the value replaced by a word
            default -> {
                int valueStart = open >= 0 ? line.indexOf('}') + 1 : nameEnd;
                while (line.charAt(valueStart) == ' ') {
                    valueStart++;
                }
                int valueEnd = line.indexOf(' ', valueStart);
                yield line.substring(0, valueStart) + "twelve" + (valueEnd < 0 ? "" : line.substring(valueEnd));
            }
        };
    }

    private static byte[] mutateBytes(byte[] original, Random random) {
        byte[] b = original.clone();
        int edits = 1 + random.nextInt(8);
        for (int i = 0; i < edits; i++) {
            switch (random.nextInt(5)) {
                case 0 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                case 1 -> { // delete a range
                    int from = random.nextInt(b.length);
                    int to = Math.min(b.length, from + random.nextInt(200));
                    byte[] c = new byte[b.length - (to - from)];
                    System.arraycopy(b, 0, c, 0, from);
                    System.arraycopy(b, to, c, from, b.length - to);
                    b = c.length == 0 ? new byte[] {'x'} : c;
                }
                case 2 -> { // duplicate a range somewhere else
                    int from = random.nextInt(b.length);
                    int len = Math.min(b.length - from, random.nextInt(300));
                    int at = random.nextInt(b.length);
                    byte[] c = new byte[b.length + len];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, from, c, at, len);
                    System.arraycopy(b, at, c, at + len, b.length - at);
                    b = c;
                }
                case 3 -> { // insert noise
                    byte[] noise = new byte[random.nextInt(64)];
                    random.nextBytes(noise);
                    int at = random.nextInt(b.length);
                    byte[] c = new byte[b.length + noise.length];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(noise, 0, c, at, noise.length);
                    System.arraycopy(b, at, c, at + noise.length, b.length - at);
                    b = c;
                }
                default -> b = Arrays.copyOf(b, 1 + random.nextInt(b.length)); // truncate
            }
        }
        return b;
    }
}
