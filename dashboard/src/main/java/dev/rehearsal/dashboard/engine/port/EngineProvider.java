package dev.rehearsal.dashboard.engine.port;

import dev.rehearsal.core.source.TableSource;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.SandboxLedger;
import dev.rehearsal.drill.sink.TableSink;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One database engine as the daemon sees it. A source names the engine by its {@link #kind()}; the
 * engine binds and checks its own part of the configuration (the source's section, its part of
 * {@code rehearsal.sandbox}), connects the source and opens the sandbox. Providers are found with
 * {@link java.util.ServiceLoader} ({@link EngineProviders}): a new engine is a class that implements
 * this and one line in {@code META-INF/services}, not a branch in shared code.
 */
public interface EngineProvider {

    /** What a source's {@code kind} says to pick this engine, for example {@code postgres}. */
    String kind();

    /**
     * Whether a source that names no {@code kind} is of this engine. One provider at most says so:
     * the engine that came first, whose configurations predate {@code kind}.
     */
    default boolean isDefault() {
        return false;
    }

    /** Whether this engine's sandbox answers SQL, so that a policy's {@code sql-checks} can run there. */
    default boolean answersSql() {
        return false;
    }

    /**
     * What is wrong with a source section of this kind, one line per problem, each starting with the
     * full key it is about ({@code rehearsal.sources.prod.jdbc-url: must be set ...}). Empty if nothing is.
     */
    List<String> sourceProblems(ConfigSection source);

    /**
     * What is wrong with this engine's part of the sandbox, in the same form as {@link #sourceProblems}.
     * Asked only when {@code rehearsal.sandbox} is set and a source of this kind is configured.
     *
     * @param sandbox      {@code rehearsal.sandbox}; the engine reads its own part of it
     * @param drilled      whether a policy drills a table of a source of this kind, so that the sandbox must exist
     * @param sourceTables the tables of each source that could be listed, none of which the sandbox may touch
     */
    List<String> sandboxProblems(ConfigSection sandbox, boolean drilled, Map<String, List<String>> sourceTables);

    /**
     * Why {@code name} cannot be a table of this engine, naming the limit it breaks, or empty if
     * it can be. Checked before any lookup, so that no request carries an impossible name further.
     */
    Optional<String> tableNameProblem(String name);

    /** Connects a source of this kind, configured by {@code config} ({@code rehearsal.sources.<name>}). */
    SourceEngine source(String name, ConfigSection config);

    /**
     * This engine's sandbox, if {@code rehearsal.sandbox} has one for it, guarding {@code protectedTables}.
     *
     * @param config {@code rehearsal.sandbox}, which is set; the engine reads its own part of it
     */
    Optional<SandboxEngine> sandbox(ConfigSection config, Set<String> protectedTables, SandboxLedger ledger);

    /** A connected source. */
    interface SourceEngine extends AutoCloseable {

        TableSource source();

        /** The tables the source holds, as the source names them. */
        List<String> listTables();

        /** A sink on the source itself for an admin's restore into a new table there; it never drops. */
        TableSink recoverySink(SandboxGuard noDrops);

        /**
         * What the source says its backup credentials could change: one line per finding, naming the
         * source, the identity and the tables, for the daemon to log at start-up. Backups only read, so
         * any finding is a right nobody needs (docs/SECURITY.md). Empty when the engine cannot tell:
         * DynamoDB cannot, since only an IAM policy simulation could, and that needs IAM rights the
         * daemon should not hold. A check that fails throws; the daemon turns that into one warning line.
         *
         * @param coveredTables the tables a policy backs up, as {@link #listTables} names them
         */
        default List<String> writeAccessWarnings(List<String> coveredTables) {
            return List.of();
        }

        @Override
        void close();
    }

    /** A sandbox and the guard that decides what it may create and drop. */
    record SandboxEngine(TableSink sink, SandboxGuard guard) {
    }
}
