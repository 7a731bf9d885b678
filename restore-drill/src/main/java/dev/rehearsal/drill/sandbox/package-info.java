/**
 * What a drill may touch. {@link dev.rehearsal.drill.sandbox.SandboxGuard} is the only authority on
 * which tables may be created for a drill and deleted afterwards: names under the sandbox prefix,
 * carrying the drill's tag (or, where the engine has no tags, recorded in the
 * {@link dev.rehearsal.drill.sandbox.SandboxLedger} before creation). Nothing else is ever deleted.
 */
package dev.rehearsal.drill.sandbox;
