package dev.rehearsal.drill.restore;

/** How a cancel shows: an interrupt, or a client call the interrupt cut short and that reports it as its own exception. */
public final class Cancels {

    private Cancels() {
    }

    /** Whether {@code e}, or anything that caused it, is an interrupt. */
    public static boolean causedByInterrupt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException
                    || t instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }
}
