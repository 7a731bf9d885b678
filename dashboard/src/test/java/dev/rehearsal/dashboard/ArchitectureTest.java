package dev.rehearsal.dashboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The daemon wires, schedules, persists and counts: restores run through the one pipeline of
 * restore-drill, never through the restore runner directly, and only the engine package knows an
 * engine.
 */
class ArchitectureTest {

    private static final JavaClasses DAEMON = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.rehearsal.dashboard");

    @Test
    void theDaemonRestoresThroughThePipelineOnly() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("dev.rehearsal.drill.restore.RestoreRunner")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.rehearsal.drill.verify.VerificationContext")
                .because("the pipeline (dev.rehearsal.drill.pipeline.VerifiedRestore) claims, restores, verifies and"
                        + " cleans up; a second copy of that sequence in the daemon drifts")
                .check(DAEMON);
    }

    @Test
    void onlyTheEnginePackageKnowsAnEngine() {
        noClasses().that().resideOutsideOfPackage("dev.rehearsal.dashboard.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("..dynamodb..", "..postgres..",
                        "software.amazon.awssdk.services.dynamodb..", "org.postgresql..")
                .check(DAEMON);
    }
}
