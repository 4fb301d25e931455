package io.userscale.actuator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.userscale.actuator.backend.ScaleBackend;

/**
 * The actuator's shape: its core (what a command may do, bounds, the at-most-once gate) is pure —
 * the event contract, the JDK and the one port it drives, {@link ScaleBackend}; each backend
 * (Kubernetes, local processes, dry run) stands alone; no package cycles.
 */
@AnalyzeClasses(packages = "io.userscale.actuator", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule theCoreDependsOnTheContractTheJdkAndItsPortOnly = classes().that()
            .resideInAPackage("io.userscale.actuator.core..").should().onlyDependOnClassesThat(
                    com.tngtech.archunit.base.DescribedPredicate.describe("the JDK, the contract, the core or "
                            + "its backend port", c -> c.getPackageName().startsWith("java.")
                            || c.getPackageName().startsWith("io.userscale.kafka.contract")
                            || c.getPackageName().startsWith("io.userscale.actuator.core")
                            || c.isEquivalentTo(ScaleBackend.class)));

    @ArchTest
    static final ArchRule backendsStandAlone = slices().matching("io.userscale.actuator.(kubernetes|local)..")
            .should().notDependOnEachOther();

    @ArchTest
    static final ArchRule theCoreKnowsNoBackend = noClasses().that().resideInAPackage("io.userscale.actuator.core..")
            .should().dependOnClassesThat().resideInAnyPackage("io.userscale.actuator.kubernetes..",
                    "io.userscale.actuator.local..", "io.userscale.actuator.service..");

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("io.userscale.actuator.(*)..")
            .should().beFreeOfCycles();
}
