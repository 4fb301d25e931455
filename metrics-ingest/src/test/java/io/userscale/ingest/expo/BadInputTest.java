package io.userscale.ingest.expo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Lines the parser leaves out, with their reason; and input that is no exposition at all. */
class BadInputTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            up{job="a} 1                    | unterminated label value
            up{job="a\\"} 1                 | unterminated label value
            up{job="a"                      | unterminated label set
            up{job="a",                     | unterminated label set
            up abc                          | bad value 'abc'
            up 0x10                         | bad value '0x10'
            up 1d                           | bad value '1d'
            up 1e                           | bad value '1e'
            up --1                          | bad value '--1'
            up{x="1",x="2"} 1               | duplicate label 'x'
            up{x=1} 1                       | value of label 'x' is not quoted
            up{x"1"} 1                      | expected '=' after label 'x'
            up{1x="1"} 1                    | bad label name '1x'
            up{a-b="1"} 1                   | bad label name 'a-b'
            up{,} 1                         | bad label name ','
            up{x="1" y="2"} 1               | expected ',' or '}' after label 'x', found 'y'
            up                              | missing value
            up{}                            | missing value
            up-time 1                       | bad metric name 'up-time'
            9up 1                           | bad metric name '9up'
            {x="1"} 1                       | sample without a metric name
            up 1 2 3                        | unexpected text after timestamp: '3'
            up 1 12.5                       | bad timestamp '12.5' (want integer milliseconds)
            up 1 99999999999999999999       | bad timestamp '99999999999999999999' (want integer milliseconds)
            `# TYPE up`                       | TYPE line without a type
            `# TYPE up countr`                | unknown metric type 'countr'
            `# TYPE up gauge extra`           | unexpected text after type: 'extra'
            `# TYPE`                          | TYPE line without a metric name
            `# HELP`                          | HELP line without a metric name
            `# HELP up-time x`                | bad metric name 'up-time'
            `# TYPE "unterminated gauge`      | unterminated quoted metric name
            """)
    void badLineIsSkippedWithItsReasonAndItsNeighboursKept(String line, String reason) {
        Exposition e = Exposition.parse("before 1\n" + line + "\nafter 2\n", Format.PROMETHEUS_TEXT);

        assertThat(e.skipped()).containsExactly(new SkippedLine(2, reason));
        assertThat(e.skippedCount()).isEqualTo(1);
        assertThat(e.samples()).extracting(Sample::name).containsExactly("before", "after");
    }

    @Test
    void familyRulesAreChecked() {
        Exposition e = Exposition.parse("""
                # TYPE g gauge
                # TYPE g counter
                # HELP g first
                # HELP g second
                g 1
                g 2
                late 1
                # TYPE late gauge
                # TYPE h histogram
                h_bucket{code="200"} 1
                h_bucket{le="fast"} 1
                h_bucket{le="1"} 1
                # TYPE s summary
                s{q="0.5"} 1
                s{quantile="0.5"} 1
                """);

        assertThat(e.skipped()).containsExactly(
                new SkippedLine(2, "duplicate TYPE for 'g'"),
                new SkippedLine(4, "duplicate HELP for 'g'"),
                new SkippedLine(6, "duplicate sample 'g{}'"),
                new SkippedLine(8, "TYPE for 'late' after its samples"),
                new SkippedLine(10, "histogram bucket without an 'le' label"),
                new SkippedLine(11, "bad le 'fast'"),
                new SkippedLine(14, "summary sample without a 'quantile' label"));
        assertThat(e.family("g")).isEqualTo(new Family("g", MetricType.GAUGE, "first", null));
        assertThat(e.samples()).extracting(Sample::value).containsExactly(1.0, 1.0, 1.0, 1.0);
    }

    @Test
    void theSameSeriesAtOtherTimestampsIsNoDuplicate() {
        Exposition e = Exposition.parse("x{a=\"1\"} 1 1000\nx{a=\"1\"} 2 2000\nx{a=\"1\"} 3 2000\n");

        assertThat(e.samples()).extracting(Sample::value).containsExactly(1.0, 2.0);
        assertThat(e.skipped()).extracting(SkippedLine::line).containsExactly(3);
    }

    @Test
    void randomBytesNeverThrowAndAreSkipped() {
        Random random = new Random(20_240_601);
        for (int round = 0; round < 50; round++) {
            byte[] noise = new byte[1024 + random.nextInt(64 * 1024)];
            random.nextBytes(noise);
            Exposition e = Exposition.parse(noise, Format.AUTO, Exposition.DEFAULT_MAX_BYTES);

            assertThat(e.skippedCount()).as("round %d", round).isPositive();
            assertThat(e.skippedCount()).isLessThanOrEqualTo(e.lineCount() + 1);
            assertThat(e.skipped()).allSatisfy(s -> {
                assertThat(s.line()).isBetween(1, e.lineCount() + 1);
                assertThat(s.reason()).doesNotStartWith("internal").hasSizeLessThan(200);
            });
        }
    }

    @Test
    void binaryNoiseBetweenLinesLeavesTheRestIntact() {
        String fixture = Fixtures.text(Fixtures.GPU_APP);
        String noisy = "\u0000\u0001\u00ff\u0007\u001b[31m garbage {{{ \"\"\"\n" + fixture.replace(
                "# HELP userscale_cpu_percent", "\u0002\u0003\u0004\u00e9\uFFFD\u0000 1\n# HELP userscale_cpu_percent");
        Exposition e = Exposition.parse(noisy);

        assertThat(e.samples()).hasSize(85);
        assertThat(e.skippedCount()).isEqualTo(2);
        assertThat(e.skipped().get(0)).isEqualTo(new SkippedLine(1, "bad metric name '\\u0000\\u0001ÿ\\u0007\\u001b[31m'"));
        assertThat(e.skipped().get(1).reason()).startsWith("bad metric name '\\u0002");
    }

    @Test
    void truncatedLinesAreSkipped() {
        String line = "userscale_latency_ms_bucket{uri=\"/api/matmul\",le=\"250.0\",} 11.0";
        for (int cut = 1; cut < line.indexOf("} ") + 1; cut++) {
            Exposition e = Exposition.parse(line.substring(0, cut) + "\nok 1\n");
            assertThat(e.skipped()).as("cut at %d", cut).hasSize(1);
            assertThat(e.skipped().get(0).line()).isEqualTo(1);
            assertThat(e.samples()).extracting(Sample::name).containsExactly("ok");
        }
    }

    @Test
    void hugeLabelValuesAreReadAndQuotedShortInReasons() {
        String huge = "x".repeat(3_000_000);
        Exposition ok = Exposition.parse("big{v=\"" + huge + "\"} 1\n");
        assertThat(ok.skipped()).isEmpty();
        assertThat(ok.samples().get(0).label("v")).hasSize(huge.length());

        Exposition unterminated = Exposition.parse("big{v=\"" + huge + " 1\nsmall 2\n");
        assertThat(unterminated.skipped()).containsExactly(new SkippedLine(1, "unterminated label value"));
        assertThat(unterminated.samples()).extracting(Sample::name).containsExactly("small");

        Exposition badValue = Exposition.parse("big " + huge + "\n");
        assertThat(badValue.skipped().get(0).reason()).startsWith("bad value 'xxxx").endsWith("…'")
                .hasSizeLessThan(60);
    }

    @Test
    void bytesBeyondTheLimitAreNotRead() {
        byte[] fixture = Fixtures.bytes(Fixtures.GPU_APP);
        Exposition e = Exposition.parse(fixture, Format.AUTO, 1000);
        String kept = new String(fixture, 0, 1000, StandardCharsets.UTF_8);
        int wholeLines = (int) kept.chars().filter(c -> c == '\n').count();

        assertThat(e.truncated()).isTrue();
        assertThat(e.lineCount()).isEqualTo(wholeLines);
        assertThat(e.skipped()).containsExactly(new SkippedLine(wholeLines + 1,
                "input exceeds the limit of 1000 bytes; the rest was not read"));
        assertThat(e.samples()).isNotEmpty().allSatisfy(s -> assertThat(s.name()).startsWith("jvm_"));

        Exposition whole = Exposition.parse(fixture, Format.AUTO, fixture.length);
        assertThat(whole.truncated()).isFalse();
        assertThat(whole.samples()).hasSize(85);
    }

    @Test
    void streamsAndReadersHonourTheLimit() throws IOException {
        byte[] fixture = Fixtures.bytes(Fixtures.GPU_APP);
        Exposition fromStream = Exposition.read(new ByteArrayInputStream(fixture), Format.AUTO, 2000);
        Exposition fromReader = Exposition.read(new StringReader(Fixtures.text(Fixtures.GPU_APP)), Format.AUTO, 2000);

        assertThat(fromStream.truncated()).isTrue();
        assertThat(fromReader.truncated()).isTrue();
        assertThat(fromStream.samples()).isEqualTo(fromReader.samples()); // the fixture is ASCII
        assertThat(Exposition.read(new ByteArrayInputStream(fixture), Format.AUTO, Exposition.DEFAULT_MAX_BYTES)
                .samples()).hasSize(85);
        assertThat(Exposition.read(new StringReader(Fixtures.text(Fixtures.GPU_APP)), Format.AUTO,
                fixture.length).truncated()).isFalse();
    }

    @Test
    void onlyTheFirstThousandReasonsAreKeptButAllAreCounted() {
        Exposition e = Exposition.parse("bad line\n".repeat(5000));

        assertThat(e.skippedCount()).isEqualTo(5000);
        assertThat(e.skipped()).hasSize(1000);
        assertThat(e.skipped().get(999)).isEqualTo(new SkippedLine(1000, "bad value 'line'"));
    }
}
