package io.userscale.gpuapp.compute;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Runs the tests that need a GPU ({@link CudaEngineTest}) on a machine with no Maven, from the
 * bundle {@code scripts/gpu-bundle.sh} makes; {@code gpu-app/gpu-check.sh} calls it. Prints each
 * test's outcome and exits 1 when one failed.
 */
public final class GpuTests {

    private GpuTests() {
    }

    public static void main(String[] args) {
        var request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(CudaEngineTest.class)).build();
        var summary = new SummaryGeneratingListener();
        TestExecutionListener printer = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest()) {
                    System.out.println("  " + id.getDisplayName() + ": " + result.getStatus()
                            + result.getThrowable().map(t -> " " + t).orElse(""));
                }
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                System.out.println("  " + id.getDisplayName() + ": SKIPPED " + reason);
            }
        };
        LauncherFactory.create().execute(request, summary, printer);
        summary.getSummary().printTo(new PrintWriter(System.out));
        System.exit(summary.getSummary().getTotalFailureCount() == 0 ? 0 : 1);
    }
}
