package dev.rehearsal.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** backup-core stays free of Spring, metrics and scheduling, and its layers point one way. */
class ArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.rehearsal.core");

    @Test
    void coreKnowsNothingOfSpringOrMetrics() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.micrometer..",
                "dev.rehearsal.drill..", "dev.rehearsal.dashboard..").check(CORE);
    }

    @Test
    void formatAndStoresDoNotKnowAnyEngine() {
        noClasses().that().resideInAnyPackage("dev.rehearsal.core.format..", "dev.rehearsal.core.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.rehearsal.core.source..", "software.amazon.awssdk.services.dynamodb..")
                .check(CORE);
    }

    /** Every engine package and the engines' own client libraries. */
    static final String[] ENGINES = {
            "dev.rehearsal.core.source.dynamodb..", "dev.rehearsal.core.source.postgres..",
            "software.amazon.awssdk.services.dynamodb..", "org.postgresql.."};

    /** A new engine is a new package behind the same ports, never a branch in shared code. */
    @Test
    void sharedCodeDependsOnNoEngine() {
        noClasses().that().resideOutsideOfPackages("dev.rehearsal.core.source.dynamodb..", "dev.rehearsal.core.source.postgres..")
                .should().dependOnClassesThat().resideInAnyPackage(ENGINES)
                .check(CORE);
    }

    @Test
    void enginesDoNotKnowEachOther() {
        noClasses().that().resideInAPackage("dev.rehearsal.core.source.dynamodb..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.rehearsal.core.source.postgres..", "org.postgresql..")
                .check(CORE);
        noClasses().that().resideInAPackage("dev.rehearsal.core.source.postgres..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.rehearsal.core.source.dynamodb..",
                        "software.amazon.awssdk.services.dynamodb..")
                .check(CORE);
    }

    /** Sources read tables and stores hold objects; only the backup runner joins them. */
    @Test
    void sourcesKnowNoStore() {
        noClasses().that().resideInAPackage("dev.rehearsal.core.source..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.rehearsal.core.store..", "dev.rehearsal.core.backup..")
                .check(CORE);
    }

    @Test
    void theBackupRunnerDependsOnPortsNotEngines() {
        noClasses().that().resideInAPackage("dev.rehearsal.core.backup..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.rehearsal.core.source.dynamodb..",
                        "dev.rehearsal.core.store.fs..", "dev.rehearsal.core.store.s3..", "software.amazon..")
                .check(CORE);
    }
}
