package io.closedloop.routing;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of routing-service, checked: rules, taxonomy and classifier know no framework edges; features do not
 * cycle.
 */
@AnalyzeClasses(packages = "io.closedloop.routing", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule theRulesTheTaxonomyAndTheClassifierKnowNoSpringKafkaDatabaseOrWeb = noClasses()
            .that().resideInAnyPackage("..routing.rules..", "..routing.classify..", "..routing.taxonomy..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "org.apache.kafka..", "reactor..", "java.sql..", "javax.sql..",
                    "..routing.web..", "..routing.stream..", "..routing.deciding..", "..routing.fanout..");

    @ArchTest
    static final ArchRule onlyTheWebAdapterKnowsHttp = noClasses()
            .that().resideOutsideOfPackage("..routing.web..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "org.springframework.http..");

    @ArchTest
    static final ArchRule featurePackagesDoNotDependOnEachOtherInCycles =
            slices().matching("io.closedloop.routing.(*)..").should().beFreeOfCycles();
}
