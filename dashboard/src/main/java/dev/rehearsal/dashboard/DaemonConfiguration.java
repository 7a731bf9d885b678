package dev.rehearsal.dashboard;

import dev.rehearsal.dashboard.audit.AuditLog;
import dev.rehearsal.dashboard.catalog.Catalog;
import dev.rehearsal.dashboard.evidence.ComplianceExport;
import dev.rehearsal.dashboard.evidence.EvidenceSigner;
import dev.rehearsal.dashboard.cluster.Partitions;
import dev.rehearsal.dashboard.cluster.RemotePartitions;
import dev.rehearsal.dashboard.catalog.JdbcSandboxLedger;
import dev.rehearsal.dashboard.config.BinderSection;
import dev.rehearsal.dashboard.config.ConfigValidator;
import dev.rehearsal.dashboard.config.InvalidConfigurationException;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.coverage.CoverageAudit;
import dev.rehearsal.dashboard.engine.Engines;
import dev.rehearsal.dashboard.engine.port.ConfigSection;
import dev.rehearsal.dashboard.jobs.OnDemand;
import dev.rehearsal.dashboard.jobs.Preflight;
import dev.rehearsal.dashboard.jobs.RunningRestores;
import dev.rehearsal.dashboard.metrics.CoverageMetrics;
import dev.rehearsal.dashboard.jobs.RehearsalJobs;
import dev.rehearsal.dashboard.metrics.BackupMetrics;
import dev.rehearsal.dashboard.metrics.SourcesAndStoresHealth;
import dev.rehearsal.dashboard.plans.IncidentPlanner;
import dev.rehearsal.dashboard.plans.PlanForecasts;
import dev.rehearsal.dashboard.plans.PlanResolver;
import dev.rehearsal.dashboard.plans.PlanRuns;
import dev.rehearsal.drill.metrics.DrillMetrics;
import dev.rehearsal.drill.metrics.PlanMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.configuration.annotation.EnableBatchProcessing;
import org.springframework.batch.core.configuration.annotation.EnableJdbcJobRepository;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** Wires the daemon: validated configuration, engines, catalog, metrics, jobs and the scheduler. */
@Configuration(proxyBeanMethods = false)
@EnableBatchProcessing
@EnableJdbcJobRepository
class DaemonConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DaemonConfiguration.class);

    /** Every drill and plan-run report is stored in its envelope, signed when a key is configured. */
    @Bean
    Catalog catalog(JdbcTemplate jdbc, EvidenceSigner signer) {
        return new Catalog(jdbc, signer);
    }

    /**
     * The signer of reports (rehearsal.evidence); built after the engines, whose construction
     * validated the configuration, and reading the seal of a drilled backup's manifest from its store.
     */
    @Bean
    EvidenceSigner evidenceSigner(RehearsalProperties config, Engines engines) {
        return EvidenceSigner.of(config.evidence(), (source, table, backupId) -> {
            try {
                String store = engines.policyFor(source, table).orElseThrow(() -> new IllegalStateException(
                        "no policy covers table '" + table + "' of source '" + source + "'")).getValue().store();
                return java.util.Optional.of(new dev.rehearsal.core.store.BackupRepository(engines.store(store))
                        .manifest(new dev.rehearsal.core.BackupRef(source, table, dev.rehearsal.core.BackupId.parse(backupId)))
                        .manifestSha256());
            } catch (java.io.IOException | RuntimeException e) {
                log.warn("The manifest of backup {} of {}/{} could not be read for its evidence: the report is stored"
                        + " without that subject: {}", backupId, source, table, e.toString());
                return java.util.Optional.empty();
            }
        });
    }

    @Bean
    ComplianceExport complianceExport(RehearsalProperties config, CoverageAudit coverage, Catalog catalog,
            EvidenceSigner signer) {
        return new ComplianceExport(config, coverage, catalog, signer, Clock.systemUTC());
    }

    /** Partitions run by remote partitioning, as the catalog records them; none when it is off. */
    @Bean
    Partitions partitions(JdbcTemplate jdbc) {
        return new Partitions(jdbc);
    }

    @Bean
    AuditLog auditLog(JdbcTemplate jdbc) {
        return new AuditLog(jdbc);
    }

    /**
     * The sources, stores and sandbox, built only from a configuration that passed validation: the
     * daemon does not start with an invalid one.
     */
    @Bean(destroyMethod = "close")
    Engines engines(RehearsalProperties config, Environment environment, JdbcTemplate jdbc) {
        // The engines bind their own keys from the same environment that RehearsalProperties came from.
        ConfigSection rehearsal = BinderSection.of(environment);
        Engines engines;
        try {
            engines = new Engines(config, rehearsal, new JdbcSandboxLedger(jdbc));
        } catch (RuntimeException e) {
            // A configuration too broken to build clients from: report what can be said without the sources.
            List<String> shapeProblems = ConfigValidator.problems(config, rehearsal, Map.of());
            throw new InvalidConfigurationException(shapeProblems.isEmpty()
                    ? List.of("rehearsal: cannot build the configured sources and stores: " + e.getMessage()) : shapeProblems);
        }
        Map<String, String> unreachable = new LinkedHashMap<>();
        Map<String, List<String>> tables = engines.listTables(unreachable);
        unreachable.forEach((source, why) -> log.warn("Source '{}' cannot be listed now ({}); its policies are checked"
                + " when it answers", source, why));
        List<String> problems = ConfigValidator.problems(config, rehearsal, tables);
        if (!problems.isEmpty()) {
            engines.close();
            throw new InvalidConfigurationException(problems);
        }
        engines.openSandbox(tables);
        // Once, where the tables are first known: backups only read, so a right to write is a finding.
        engines.writeAccessWarnings(tables).forEach(warning -> log.warn("{}", warning));
        return engines;
    }

    @Bean
    BackupMetrics backupMetrics(MeterRegistry registry) {
        return new BackupMetrics(registry);
    }

    @Bean
    DrillMetrics drillMetrics(MeterRegistry registry) {
        return new DrillMetrics(registry, Clock.systemUTC());
    }

    @Bean
    RehearsalJobs rehearsalJobs(JobRepository jobRepository, JobOperator jobOperator,
            Engines engines, Catalog catalog, BackupMetrics backupMetrics,
            DrillMetrics drillMetrics, JdbcTemplate jdbc, ObservationRegistry observations, AuditLog audit,
            RunningRestores running, LockProvider locks, RehearsalProperties config,
            ObjectProvider<RemotePartitions> remote) {
        return new RehearsalJobs(jobRepository, jobOperator, engines, catalog, backupMetrics, drillMetrics,
                jdbc, observations, audit, running, locks, remote.getIfAvailable(), config.cluster().restarts());
    }

    /** The one in-memory record of each restore this process runs, and the ticker that pushes its progress. */
    @Bean(destroyMethod = "close")
    RunningRestores runningRestores() {
        return new RunningRestores();
    }

    @Bean
    CoverageAudit coverageAudit(RehearsalProperties config, Engines engines, Catalog catalog) {
        return new CoverageAudit(config, engines, catalog, Clock.systemUTC());
    }

    @Bean
    CoverageMetrics coverageMetrics(MeterRegistry registry) {
        return new CoverageMetrics(registry);
    }

    @Bean
    Preflight preflight(RehearsalProperties config, Engines engines, CoverageAudit coverage) {
        return new Preflight(config, engines, coverage);
    }

    @Bean(destroyMethod = "close")
    OnDemand onDemand(RehearsalJobs jobs, Catalog catalog, RunningRestores running) {
        return new OnDemand(jobs, catalog, running);
    }

    @Bean
    PlanMetrics planMetrics(MeterRegistry registry) {
        return new PlanMetrics(registry);
    }

    @Bean
    PlanResolver planResolver(RehearsalProperties config, Engines engines, Catalog catalog) {
        return new PlanResolver(config, engines, catalog);
    }

    /** Plan drills and incident runs, with the one in-memory record of each run this process runs. */
    @Bean(destroyMethod = "close")
    PlanRuns planRuns(RehearsalProperties config, PlanResolver resolver, Engines engines, Catalog catalog,
            Preflight preflight, CoverageAudit coverage, DrillMetrics drillMetrics, PlanMetrics planMetrics,
            RehearsalJobs jobs, RunningRestores running, LockProvider locks, JdbcTemplate jdbc, AuditLog audit) {
        return new PlanRuns(config, resolver, new IncidentPlanner(resolver, engines, catalog, preflight),
                new PlanForecasts(coverage, catalog), engines, catalog,
                drillMetrics, planMetrics, jobs, running, locks, jdbc, audit);
    }

    /** The "rehearsal" health component: DOWN when a source or store is unreachable, with the reason. */
    @Bean
    SourcesAndStoresHealth rehearsalHealthIndicator(Engines engines) {
        return new SourcesAndStoresHealth(engines);
    }

    @Bean
    LockProvider lockProvider(DataSource dataSource) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource)).usingDbTime().build());
    }

    @Bean(destroyMethod = "shutdown")
    ThreadPoolTaskScheduler rehearsalScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(4);
        scheduler.setThreadNamePrefix("rehearsal-schedule-");
        scheduler.setWaitForTasksToCompleteOnShutdown(false);
        scheduler.initialize();
        return scheduler;
    }
}
