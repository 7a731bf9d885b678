package dev.rehearsal.drill.verify;

/** One check of a restored table against its backup. */
@FunctionalInterface
public interface Verifier {

    CheckResult verify(VerificationContext context) throws InterruptedException;
}
