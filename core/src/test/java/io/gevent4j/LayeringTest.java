package io.gevent4j;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.gevent4j.testkit.Signatures;

/**
 * The dependencies between gevent4j's packages go one way (see docs/ARCHITECTURE.md): from the JDK-only
 * helpers, through the runtime and the primitives, to the services built on them.
 */
@AnalyzeClasses(packages = "io.gevent4j", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {
    private static final String INTERNAL = "io.gevent4j.internal..";
    /**
     * The one dependency of the runtime on a service: {@link Gevent}, gevent's module namespace, offers
     * {@code Gevent.executor()} as gevent offers its pools.
     */
    private static final DescribedPredicate<JavaClass> FACADE =
            DescribedPredicate.describe("the Gevent facade", c -> c.getName().equals(Gevent.class.getName()));

    private static final DescribedPredicate<JavaClass> EXECUTOR = DescribedPredicate.describe(
            "the greenlet executor", c -> c.getName().equals("io.gevent4j.pool.GreenletExecutor"));

    @ArchTest
    static final ArchRule coreNeverImportsTheAgent = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.gevent4j.monkey..")
            .because("the patch agent builds on the core, never the other way round");

    @ArchTest
    static final ArchRule primitivesNeverImportServers = noClasses()
            .that()
            .resideOutsideOfPackages("io.gevent4j.server..", "io.gevent4j.pywsgi..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.gevent4j.server..")
            .because("servers are built on the primitives (and the HTTP server on the stream server)");

    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Helpers")
            .definedBy("io.gevent4j.internal", "io.gevent4j.jfr..")
            .layer("Runtime")
            .definedBy("io.gevent4j")
            .layer("Waiting")
            .definedBy("io.gevent4j.internal.wait..")
            .layer("Primitives")
            .definedBy("io.gevent4j.event..", "io.gevent4j.lock..", "io.gevent4j.queue..")
            .layer("Services")
            .definedBy(
                    "io.gevent4j.pool..",
                    "io.gevent4j.threadpool..",
                    "io.gevent4j.server..",
                    "io.gevent4j.pywsgi..",
                    "io.gevent4j.monitor..")
            .whereLayer("Services")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("Primitives")
            .mayOnlyBeAccessedByLayers("Services")
            .whereLayer("Waiting")
            .mayOnlyBeAccessedByLayers("Primitives")
            .whereLayer("Runtime")
            .mayOnlyBeAccessedByLayers("Waiting", "Primitives", "Services")
            .ignoreDependency(FACADE, EXECUTOR)
            .whereLayer("Helpers")
            .mayOnlyBeAccessedByLayers("Runtime", "Waiting", "Primitives", "Services");

    @ArchTest
    static final ArchRule helpersUseTheJdkOnly = classes()
            .that()
            .resideInAnyPackage("io.gevent4j.internal", "io.gevent4j.jfr..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "jdk..", "io.gevent4j.internal", "io.gevent4j.jfr..");

    @ArchTest
    static final ArchRule noCyclesBetweenPackages =
            slices().matching("io.gevent4j.(**)").should().beFreeOfCycles().ignoreDependency(FACADE, EXECUTOR);

    @ArchTest
    static final ArchRule apiSignaturesNeverNameInternalTypes = classes()
            .that()
            .arePublic()
            .and()
            .resideOutsideOfPackage(INTERNAL)
            .should(Signatures.exposeNoTypeThat(JavaClass.Predicates.resideInAPackage(INTERNAL)))
            .because("applications never need to import io.gevent4j.internal");
}
