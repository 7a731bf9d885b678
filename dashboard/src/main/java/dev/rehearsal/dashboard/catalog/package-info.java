/**
 * The catalog: committed backups, drills with their reports, and the sandbox ledger, in the same
 * database as Spring Batch's job repository, with a schema managed by Flyway.
 */
package dev.rehearsal.dashboard.catalog;
