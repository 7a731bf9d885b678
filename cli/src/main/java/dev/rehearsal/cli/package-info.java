/**
 * The {@code rehearsal} command: a client of the daemon's REST API ({@code /api/v1}) over HTTP, with
 * picocli for its arguments and Jackson for JSON. It knows the API only by its documents (docs/API.md,
 * the problem documents, the server-sent events), never by the daemon's classes: nothing here may
 * depend on the dashboard, the drill modules or the AWS SDK. The one thing it does without a server is
 * {@link dev.rehearsal.cli.Dsse verifying a signed report}, with its own small DSSE verifier.
 */
package dev.rehearsal.cli;
