package dev.rehearsal.dashboard.evidence;

import dev.rehearsal.core.TableId;
import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.drill.drill.DrillResult;
import dev.rehearsal.drill.evidence.Dsse;
import dev.rehearsal.drill.evidence.Envelope;
import dev.rehearsal.drill.evidence.EvidenceKeys;
import dev.rehearsal.drill.evidence.PublicKeyEntry;
import dev.rehearsal.drill.evidence.SigningKey;
import dev.rehearsal.drill.evidence.Statements;
import dev.rehearsal.drill.plan.PlanReport;
import dev.rehearsal.drill.plan.PlanReports;
import dev.rehearsal.drill.plan.StageResult;
import dev.rehearsal.drill.plan.TableRun;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps each report in a DSSE envelope around an in-toto statement, signed with the configured
 * key ({@code rehearsal.evidence}); with no key, the envelope is stored unsigned. Knows the public
 * keys a report may be verified with: the current one and the retired ones.
 */
public final class EvidenceSigner implements dev.rehearsal.dashboard.catalog.ReportSigner {

    private static final Logger log = LoggerFactory.getLogger(EvidenceSigner.class);

    private final SigningKey key;
    private final List<PublicKeyEntry> keys;
    private final ManifestSeals seals;
    private final Statements.Producer producer;

    public EvidenceSigner(SigningKey key, List<PublicKeyEntry> retired, ManifestSeals seals) {
        this.key = key;
        List<PublicKeyEntry> all = new ArrayList<>();
        if (key != null) {
            all.add(key.publicEntry());
        }
        all.addAll(retired);
        this.keys = List.copyOf(all);
        this.seals = seals;
        String version = EvidenceSigner.class.getPackage().getImplementationVersion();
        this.producer = new Statements.Producer(version == null ? "development" : version);
    }

    /** Signs with nothing: every envelope unsigned. */
    public static EvidenceSigner unsigned() {
        return new EvidenceSigner(null, List.of(), ManifestSeals.NONE);
    }

    /** From {@code rehearsal.evidence}, already validated by the configuration's checks. */
    public static EvidenceSigner of(RehearsalProperties.Evidence config, ManifestSeals seals) {
        SigningKey key = config.signingKey() == null ? null
                : EvidenceKeys.signingKey(config.keyId(), config.signingKey(), "rehearsal.evidence.signing-key");
        List<PublicKeyEntry> retired = new ArrayList<>();
        config.retiredKeys().forEach((id, file) -> retired.add(new PublicKeyEntry(id,
                EvidenceKeys.publicKey(file, "rehearsal.evidence.retired-keys." + id), false)));
        if (key == null) {
            log.warn("No evidence signing key is configured (rehearsal.evidence.signing-key): drill and plan-run reports"
                    + " are stored unsigned");
        }
        return new EvidenceSigner(key, retired, seals);
    }

    public boolean signing() {
        return key != null;
    }

    public Optional<String> activeKeyId() {
        return Optional.ofNullable(key).map(SigningKey::keyId);
    }

    /** The current key first, then the retired ones. */
    public List<PublicKeyEntry> keys() {
        return keys;
    }

    public Map<String, PublicKey> publicKeys() {
        Map<String, PublicKey> m = new LinkedHashMap<>();
        keys.forEach(k -> m.put(k.keyId(), k.key()));
        return m;
    }

    public Dsse.Verification verify(Envelope envelope) {
        return Dsse.verify(envelope, publicKeys());
    }

    /** The envelope of a drill's report: its subject is the backup it restored. */
    @Override
    public Envelope drill(DrillResult r) {
        Statements.Subject subject = r.backupId() == null ? null : seals.seal(r.source(), r.table(), r.backupId())
                .map(seal -> Statements.Subject.of(r.source(), r.table(), r.backupId(), seal)).orElse(null);
        return Dsse.sign(Statements.IN_TOTO_TYPE, Statements.drill(r, subject, producer), key);
    }

    /** The envelope of a plan run's report: one subject per backup it restored. */
    @Override
    public Envelope planRun(PlanReport report) {
        Set<Statements.Subject> subjects = new LinkedHashSet<>();
        for (StageResult s : report.result().stages()) {
            for (TableRun t : s.tables()) {
                String backupId = t.outcome().backupId();
                if (backupId != null) {
                    TableId table = t.table();
                    seals.seal(table.source(), table.table(), backupId)
                            .ifPresent(seal -> subjects.add(Statements.Subject.of(table.source(), table.table(), backupId, seal)));
                }
            }
        }
        return Dsse.sign(Statements.IN_TOTO_TYPE, Statements.planRun(PlanReports.document(report), List.copyOf(subjects),
                producer), key);
    }

    /** Any other document (the compliance export), signed as it is. */
    public Envelope document(String payloadType, byte[] payload) {
        return Dsse.sign(payloadType, payload, key);
    }
}
