package io.userscale.demo;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Renders a page in Debian's {@code chromium}, headless, as a reader's browser would: what the
 * page wrote to the console, and a screenshot to look for what it drew.
 */
final class HeadlessChromium {

    /** What a page did: its console messages (errors among them) and how it looked. */
    record Rendered(List<String> console, BufferedImage image, String log) {

        /** Pixels within {@code tolerance} per channel of {@code rgb} (e.g. 0x0072b2). */
        long pixels(int rgb, int tolerance) {
            long n = 0;
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    int p = image.getRGB(x, y);
                    if (Math.abs(((p >> 16) & 0xff) - ((rgb >> 16) & 0xff)) <= tolerance
                            && Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) <= tolerance
                            && Math.abs((p & 0xff) - (rgb & 0xff)) <= tolerance) {
                        n++;
                    }
                }
            }
            return n;
        }
    }

    private HeadlessChromium() {
    }

    /** The browser, if this machine has one. */
    static Optional<Path> find() {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
                .flatMap(d -> Stream.of(Path.of(d, "chromium"), Path.of(d, "chromium-browser")))
                .filter(Files::isExecutable).findFirst();
    }

    /** Why the page checks are skipped here, or empty when they run. */
    static Optional<String> whyNot() {
        return find().isPresent() ? Optional.empty()
                : Optional.of("no chromium on PATH (Debian package chromium; .ci/run installs it): the page is not "
                        + "rendered, only its HTML is checked");
    }

    /** Renders {@code page} in a window of the size given; the screenshot goes beside it, named *.png. */
    static Rendered render(Path page, int width, int height) throws IOException, InterruptedException {
        Path browser = find().orElseThrow();
        Path dir = Files.createTempDirectory("chromium");
        Path png = page.resolveSibling(page.getFileName().toString().replaceFirst("\\.html?$", "") + ".png");
        Files.deleteIfExists(png);
        Path log = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--hide-scrollbars", "--user-data-dir=" + dir.resolve("profile"), "--enable-logging=stderr", "--v=0",
                "--window-size=" + width + "," + height, "--screenshot=" + png,
                page.toAbsolutePath().toUri().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within 90 s rendering " + page);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        if (!Files.exists(png)) {
            throw new IllegalStateException("chromium wrote no screenshot of " + page + ":\n" + out);
        }
        List<String> console = out.lines().filter(l -> l.contains(":CONSOLE")).toList();
        BufferedImage image = ImageIO.read(png.toFile());
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        return new Rendered(console, image, out);
    }
}
