-- Signed evidence (docs/EVIDENCE.md): each drill's and plan run's report in its DSSE envelope,
-- written in the same statement as the report. key_id is null for an envelope stored unsigned;
-- sha256 is the SHA-256 of the envelope's payload, what a compliance export cites.
ALTER TABLE rehearsal_drill ADD COLUMN evidence TEXT;
ALTER TABLE rehearsal_drill ADD COLUMN evidence_key_id VARCHAR(64);
ALTER TABLE rehearsal_drill ADD COLUMN evidence_sha256 VARCHAR(64);

ALTER TABLE rehearsal_plan_run ADD COLUMN evidence TEXT;
ALTER TABLE rehearsal_plan_run ADD COLUMN evidence_key_id VARCHAR(64);
ALTER TABLE rehearsal_plan_run ADD COLUMN evidence_sha256 VARCHAR(64);
