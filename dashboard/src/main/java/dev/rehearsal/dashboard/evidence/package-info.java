/**
 * Signed evidence in the daemon: {@link dev.rehearsal.dashboard.evidence.EvidenceSigner} signs
 * every drill and plan-run report as the catalog stores it, and the compliance export
 * ({@link dev.rehearsal.dashboard.evidence.ComplianceExport}) summarises a period from the catalog.
 * The envelope format and the signing itself are restore-drill's ({@code dev.rehearsal.drill.evidence}).
 */
package dev.rehearsal.dashboard.evidence;
