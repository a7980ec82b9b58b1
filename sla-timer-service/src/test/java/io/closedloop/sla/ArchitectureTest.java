package io.closedloop.sla;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The shape of sla-timer-service, checked: the deciding domain knows no framework edges; features do not cycle. */
@AnalyzeClasses(packages = "io.closedloop.sla", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule theClockKeeperKnowsNoSpringKafkaDatabaseOrWeb = noClasses()
            .that().resideInAPackage("..sla.clock..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "org.apache.kafka..", "reactor..", "java.sql..", "javax.sql..",
                    "com.github.kagkarlsson..", "..sla.web..", "..sla.stream..", "..sla.keeping..");

    @ArchTest
    static final ArchRule onlyTheWebAdapterKnowsHttp = noClasses()
            .that().resideOutsideOfPackage("..sla.web..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "org.springframework.http..");

    @ArchTest
    static final ArchRule onlyTheStreamAndTheKeepingKnowKafka = noClasses()
            .that().resideOutsideOfPackages("..sla.stream..", "..sla.keeping..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..");

    @ArchTest
    static final ArchRule featurePackagesDoNotDependOnEachOtherInCycles =
            slices().matching("io.closedloop.sla.(*)..").should().beFreeOfCycles();
}
