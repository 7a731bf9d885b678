/**
 * Who may call the daemon: API tokens kept as hashes, OIDC JWTs mapped to the same three roles, a
 * stateless bearer-token chain for the API with 401/403 answers as problem details, and a session
 * chain for the web dashboard whose login form takes an API token, or signs a person in through the
 * OpenID provider (single sign-on, authorization code with PKCE). Health is the only endpoint open
 * to everyone.
 */
package dev.rehearsal.dashboard.security;
