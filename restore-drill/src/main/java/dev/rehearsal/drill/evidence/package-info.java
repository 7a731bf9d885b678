/**
 * Signed drill evidence: DSSE envelopes ({@link dev.rehearsal.drill.evidence.Envelope},
 * {@link dev.rehearsal.drill.evidence.Dsse}) around in-toto statements
 * ({@link dev.rehearsal.drill.evidence.Statements}), signed with Ed25519 keys read from PEM files
 * ({@link dev.rehearsal.drill.evidence.EvidenceKeys}). The format is specified in docs/EVIDENCE.md.
 * No Spring, no catalog: the daemon decides when to sign and where envelopes are kept.
 */
package dev.rehearsal.drill.evidence;
