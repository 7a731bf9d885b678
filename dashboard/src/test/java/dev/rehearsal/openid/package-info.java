/**
 * A real OpenID provider for the tests (Spring Authorization Server, started in-process on a port
 * of its own). Outside {@code dev.rehearsal.dashboard} on purpose: the daemon's component scan must
 * not find the provider's configuration.
 */
package dev.rehearsal.openid;
