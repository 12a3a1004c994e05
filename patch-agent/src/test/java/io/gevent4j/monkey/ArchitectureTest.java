package io.gevent4j.monkey;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.gevent4j.testkit.Signatures;

/**
 * What the agent's packages may depend on (see docs/ARCHITECTURE.md). That gevent4j-core never
 * depends on the agent is held by core's own LayeringTest.
 */
@AnalyzeClasses(packages = "io.gevent4j.monkey", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String BRIDGE = "io.gevent4j.monkey.bridge..";
    private static final String SPI = "io.gevent4j.monkey.spi..";

    @ArchTest
    static final ArchRule bridgeUsesTheJdkOnly = classes()
            .that()
            .resideInAPackage(BRIDGE)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", BRIDGE)
            .because("the bridge lives in the bootstrap class loader, which sees the JDK's classes only");

    @ArchTest
    static final ArchRule spiUsesTheJdkOnly = classes()
            .that()
            .resideInAPackage(SPI)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", SPI)
            .because("a library's patch compiles against the SPI and the JDK alone");

    /**
     * Byte Buddy's types and the agent's machinery stay out of the SPI's signatures. The one form that
     * takes Byte Buddy advice, {@code Patching.Method.advise(Class...)}, takes it as plain classes, so
     * its signature names neither.
     */
    @ArchTest
    static final ArchRule spiSignaturesNameNoAgentMachinery = classes()
            .that()
            .resideInAPackage(SPI)
            .should(Signatures.exposeNoTypeThat(resideInAnyPackage(
                    "net.bytebuddy..",
                    "io.gevent4j.monkey.shaded..",
                    "io.gevent4j.monkey.weave..",
                    "io.gevent4j.monkey.agent..",
                    "io.gevent4j.monkey.patches..",
                    BRIDGE)))
            .because(
                    "patches outside gevent4j use the SPI's own words; advise(Class...) is the documented escape hatch");
}
