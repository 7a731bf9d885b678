package dev.rehearsal.dashboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The daemon wires, schedules, persists and counts: restores run through the one pipeline of
 * restore-drill, never through the restore runner directly, and only an engine's own package knows
 * that engine: the ports it plugs into and the code that finds it know none.
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

    @Test
    void thePortsAndTheCodeThatFindsEnginesKnowNone() {
        noClasses().that().resideInAnyPackage("dev.rehearsal.dashboard.engine", "dev.rehearsal.dashboard.engine.port")
                .should().dependOnClassesThat().resideInAnyPackage("..dynamodb..", "..postgres..",
                        "software.amazon.awssdk.services.dynamodb..", "org.postgresql..")
                .because("engines are found through META-INF/services; a new one must not need an edit here")
                .check(DAEMON);
    }

    @Test
    void enginesAndTheirPortsKnowNoSpring() {
        noClasses().that().resideInAPackage("dev.rehearsal.dashboard.engine..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .because("the daemon reads the configuration through Spring and hands engines a ConfigSection")
                .check(DAEMON);
        noClasses().that().resideInAPackage("dev.rehearsal.dashboard.engine.port")
                .should().dependOnClassesThat().resideInAnyPackage("dev.rehearsal.dashboard.config..",
                        "dev.rehearsal.dashboard.engine")
                .check(DAEMON);
    }

    @Test
    void enginesDoNotKnowEachOther() {
        noClasses().that().resideInAPackage("dev.rehearsal.dashboard.engine.dynamodb..")
                .should().dependOnClassesThat().resideInAnyPackage("..postgres..", "org.postgresql..").check(DAEMON);
        noClasses().that().resideInAPackage("dev.rehearsal.dashboard.engine.postgres..")
                .should().dependOnClassesThat().resideInAnyPackage("..dynamodb..", "software.amazon..").check(DAEMON);
        noClasses().that().resideInAPackage("dev.rehearsal.dashboard.engine.mysql..")
                .should().dependOnClassesThat().resideInAnyPackage("..dynamodb..", "software.amazon..", "..postgres..",
                        "org.postgresql..").check(DAEMON);
    }

    /**
     * ArchUnit cannot see a string constant, so the old smell, a branch on an engine's name, is looked
     * for in the source of the packages that had it.
     */
    @Test
    void sharedConfigurationAndEngineCodeNamesNoEngine() throws IOException {
        Path main = Path.of("src/main/java/dev/rehearsal/dashboard");
        for (Path dir : List.of(main.resolve("config"), main.resolve("engine"), main.resolve("engine/port"))) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    assertThat(Files.readString(file)).as(file.toString())
                            .doesNotContain("\"dynamodb\"", "\"postgres\"", "\"mysql\"", "\"testengine\"");
                }
            }
        }
    }
}
