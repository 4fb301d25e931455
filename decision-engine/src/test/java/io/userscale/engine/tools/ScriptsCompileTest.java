package io.userscale.engine.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java programs under {@code scripts/} that the docs run against the engine's jar compile
 * against the engine as it is, so a change to its public classes cannot leave them broken.
 */
class ScriptsCompileTest {

    @Test
    void movingRulesCompilesAgainstTheEngine(@TempDir Path out) throws Exception {
        Path script = ShippedTracesTest.ROOT.resolve("scripts/MovingRules.java");
        assertThat(script).isRegularFile();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK's compiler").isNotNull();
        StringWriter errors = new StringWriter();
        boolean ok = javac.getTask(errors, null, null,
                List.of("-d", out.toString(), "-cp", System.getProperty("java.class.path"), "-proc:none"), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(script)).call();
        assertThat(ok).as("scripts/MovingRules.java compiles:%n%s", errors).isTrue();
        assertThat(Files.exists(out.resolve("MovingRules.class"))).isTrue();
    }
}
