package io.closedloop.intake;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The shape of intake-service, checked: the domain knows no framework edges, and features do not cycle. */
@AnalyzeClasses(packages = "io.closedloop.intake", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule theComplaintKnowsNoSpringKafkaOrWeb = noClasses()
            .that().resideInAPackage("..intake.complaint..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "org.apache.kafka..", "reactor..", "java.sql..", "javax.sql..",
                    "..intake.web..", "..intake.kafka..", "..intake.relay..", "..intake.history..");

    @ArchTest
    // the channel adapters (web form, phone, social, on-site) are HTTP endpoints of their own
    static final ArchRule onlyTheWebAdaptersKnowHttp = noClasses()
            .that().resideOutsideOfPackages("..intake.web..", "..intake.config..", "..intake.channel..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "org.springframework.http..");

    @ArchTest
    static final ArchRule onlyKafkaAdaptersAndTheRelayKnowKafka = noClasses()
            .that().resideOutsideOfPackages("..intake.kafka..", "..intake.relay..", "..intake.config..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..");

    @ArchTest
    // the email channel's parts (parse, imap, store, ack, admin, settings) depend one way: the reader and the admin
    // API on the channel, the channel on the parser, the store and the outbox
    static final ArchRule theEmailChannelsPartsDoNotCycle =
            slices().matching("io.closedloop.intake.channel.email.(*)..").should().beFreeOfCycles();

    @ArchTest
    // the MIME parser is plain Java on Jakarta Mail and jsoup: unit-testable with sample mails, no Spring, no database
    static final ArchRule theMailParserKnowsNoSpringNorTheDatabase = noClasses()
            .that().resideInAPackage("..channel.email.parse..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..");

    @ArchTest
    static final ArchRule featurePackagesDoNotDependOnEachOtherInCycles =
            slices().matching("io.closedloop.intake.(*)..").should().beFreeOfCycles();
}
