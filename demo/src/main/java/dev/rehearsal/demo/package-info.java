/**
 * The one-command demo: DynamoDB Local in-process (a source server with sample tables and a
 * separate sandbox server), a filesystem store and an H2 catalog under ./rehearsal-data.
 */
package dev.rehearsal.demo;
