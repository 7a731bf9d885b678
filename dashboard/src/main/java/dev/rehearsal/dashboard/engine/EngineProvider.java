package dev.rehearsal.dashboard.engine;

import dev.rehearsal.core.source.TableSource;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sandbox.SandboxLedger;
import dev.rehearsal.drill.sink.TableSink;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One database engine as the daemon sees it: it connects a configured source of its kind and,
 * where {@code rehearsal.sandbox} configures one for it, the drill sandbox. {@link Engines} asks each
 * provider whether it {@link #supports} a source's kind; a new engine is a new provider, not a new
 * branch in shared code.
 */
public interface EngineProvider {

    boolean supports(String kind);

    /**
     * Why {@code name} cannot be a table of this engine, naming the limit it breaks, or empty if
     * it can be. Checked before any lookup, so that no request carries an impossible name further.
     */
    Optional<String> tableNameProblem(String name);

    /** Connects a configured source of this engine's kind. */
    SourceEngine source(String name, RehearsalProperties.Source config);

    /** This engine's sandbox, if the configuration has one for it, guarding {@code protectedTables}. */
    Optional<SandboxEngine> sandbox(RehearsalProperties.Sandbox config, Set<String> protectedTables, SandboxLedger ledger);

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
         * daemon should not hold. A check that fails throws; {@link Engines#writeAccessWarnings} turns
         * that into one warning line.
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
