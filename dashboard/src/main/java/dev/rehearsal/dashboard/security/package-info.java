/**
 * Who may call the daemon: API tokens kept as hashes, OIDC JWTs mapped to the same three roles,
 * and 401/403 answers as problem details. Health is the only endpoint open to everyone.
 */
package dev.rehearsal.dashboard.security;
