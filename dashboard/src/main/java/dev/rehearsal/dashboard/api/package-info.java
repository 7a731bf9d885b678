/**
 * The REST API under {@code /api/v1}: tables and their coverage, backups, drills and their reports,
 * restores with live progress, and the audit log. Errors are RFC 9457 problem details that name
 * what was wrong and carry the request's id.
 */
package dev.rehearsal.dashboard.api;
