package io.userscale.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Instant;

/**
 * The decision engine's shape, read from its compiled classes: the policy core (signals, policies,
 * the simulator) is pure — it depends on the event contract, the JDK and, for the simulator's
 * Poisson arrivals, Commons RNG; it reads no clock; the service and the offline tools build on it,
 * never the other way; and no two packages depend on each other.
 */
@AnalyzeClasses(packages = "io.userscale.engine", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    static final String[] CORE = {"io.userscale.engine.signal..", "io.userscale.engine.policy..",
            "io.userscale.engine.sim.."};

    @ArchTest
    static final ArchRule theCoreDependsOnTheContractAndTheJdkOnly = classes().that().resideInAnyPackage(CORE)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.userscale.kafka.contract..",
                    "io.userscale.engine.signal..", "io.userscale.engine.policy..", "io.userscale.engine.sim..",
                    "org.apache.commons.rng..")
            .because("decisions must be the same live, in replay and in the simulator, and testable without "
                    + "Kafka, Quarkus or Kubernetes");

    @ArchTest
    static final ArchRule theCoreReadsNoClock = noClasses().that().resideInAnyPackage(CORE)
            .should().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().callMethod(Instant.class, "now")
            .because("time comes from the snapshots, so a replay decides as the live engine did");

    @ArchTest
    static final ArchRule theCoreKnowsNothingOfWhatUsesIt = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("io.userscale.engine.service..",
                    "io.userscale.engine.tools..");

    @ArchTest
    static final ArchRule theServiceAndTheToolsStayApart = noClasses().that()
            .resideInAPackage("io.userscale.engine.service..").should().dependOnClassesThat()
            .resideInAPackage("io.userscale.engine.tools..")
            .andShould().dependOnClassesThat().resideInAPackage("io.userscale.engine.sim..");

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("io.userscale.engine.(*)..")
            .should().beFreeOfCycles();
}
