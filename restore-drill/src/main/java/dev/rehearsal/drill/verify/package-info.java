/**
 * Checks that a restored table holds what its backup holds. Each {@link dev.rehearsal.drill.verify.Verifier}
 * returns a {@link dev.rehearsal.drill.verify.CheckResult} with pass or fail and its evidence; a
 * digest mismatch is explained by {@link dev.rehearsal.drill.verify.DiffFinder} in bounded memory.
 */
package dev.rehearsal.drill.verify;
