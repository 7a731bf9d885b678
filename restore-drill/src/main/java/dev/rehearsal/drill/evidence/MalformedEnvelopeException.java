package dev.rehearsal.drill.evidence;

/** An envelope that cannot be read as DSSE; the message names the field at fault. */
public final class MalformedEnvelopeException extends IllegalArgumentException {

    public MalformedEnvelopeException(String message) {
        super(message);
    }
}
