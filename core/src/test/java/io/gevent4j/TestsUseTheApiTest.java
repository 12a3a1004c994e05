package io.gevent4j;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Code that is not gevent4j's own never needs {@code io.gevent4j.internal}: the tests, which use gevent4j
 * as applications do, hold that. Only the tests of the internal packages themselves reach into them.
 */
@AnalyzeClasses(packages = "io.gevent4j", importOptions = ImportOption.OnlyIncludeTests.class)
class TestsUseTheApiTest {
    @ArchTest
    static final ArchRule onlyInternalTestsImportInternal = noClasses()
            .that()
            .resideOutsideOfPackage("io.gevent4j.internal..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.gevent4j.internal..")
            .because("applications use gevent4j without io.gevent4j.internal");
}
