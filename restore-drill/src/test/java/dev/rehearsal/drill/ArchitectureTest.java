package dev.rehearsal.drill;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * restore-drill's shared code (the pipeline, the sandbox, the ports, the verifiers, the metrics)
 * knows no engine: an engine is a package behind the {@code sink} port. The pipelines run and
 * never count; nothing here knows of Spring or of the daemon.
 */
class ArchitectureTest {

    private static final JavaClasses DRILL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.rehearsal.drill");

    /** Every engine package, of this module and of backup-core, and the engines' own client libraries. */
    static final String[] ENGINES = {
            "dev.rehearsal.drill.dynamodb..", "dev.rehearsal.drill.postgres..",
            "dev.rehearsal.core.source.dynamodb..", "dev.rehearsal.core.source.postgres..",
            "software.amazon.awssdk.services.dynamodb..", "org.postgresql.."};

    @Test
    void sharedCodeDependsOnNoEngine() {
        noClasses().that().resideOutsideOfPackages("dev.rehearsal.drill.dynamodb..", "dev.rehearsal.drill.postgres..")
                .should().dependOnClassesThat().resideInAnyPackage(ENGINES)
                .check(DRILL);
    }

    @Test
    void enginesDoNotKnowEachOther() {
        noClasses().that().resideInAPackage("dev.rehearsal.drill.dynamodb..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.rehearsal.drill.postgres..",
                        "dev.rehearsal.core.source.postgres..", "org.postgresql..")
                .check(DRILL);
        noClasses().that().resideInAPackage("dev.rehearsal.drill.postgres..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.rehearsal.drill.dynamodb..",
                        "dev.rehearsal.core.source.dynamodb..", "software.amazon.awssdk.services.dynamodb..")
                .check(DRILL);
    }

    @Test
    void restoreDrillKnowsNothingOfSpringOrTheDaemon() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "dev.rehearsal.dashboard..")
                .check(DRILL);
    }

    /** One class owns every metric name, fed by results; the runners that produce them never count. */
    @Test
    void onlyTheMetricsPackageKnowsMicrometerAndNothingElseKnowsTheMetrics() {
        noClasses().that().resideOutsideOfPackage("dev.rehearsal.drill.metrics..")
                .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "dev.rehearsal.drill.metrics..")
                .check(DRILL);
    }

    /** The port and the sandbox are what the pipeline stands on; they know nothing of the pipeline. */
    @Test
    void thePortsAndTheSandboxDoNotDependOnThePipeline() {
        noClasses().that().resideInAnyPackage("dev.rehearsal.drill.sink..", "dev.rehearsal.drill.sandbox..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.rehearsal.drill.restore..",
                        "dev.rehearsal.drill.drill..", "dev.rehearsal.drill.verify..", "dev.rehearsal.drill.metrics..")
                .check(DRILL);
    }
}
