/**
 * The one-command demo: DynamoDB Local in-process (a source server with sample tables and a
 * separate sandbox server), an embedded PostgreSQL (a database with a sample table and a sandbox
 * database; left out, with the reason logged, where it cannot start), a filesystem store and an H2
 * catalog under ./rehearsal-data; and a webhook receiver of the demo plan's status updates with a
 * page listing what it took ({@code /demo/updates}).
 */
package dev.rehearsal.demo;
