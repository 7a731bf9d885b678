package dev.rehearsal.drill.sandbox;

/** A drill tried to create or delete a table outside its sandbox; refused before any write. */
public class SandboxViolationException extends IllegalStateException {

    public SandboxViolationException(String message) {
        super(message);
    }
}
