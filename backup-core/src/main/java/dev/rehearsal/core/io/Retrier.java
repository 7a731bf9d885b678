package dev.rehearsal.core.io;

import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs a call again, after a {@link Backoff} wait, while it fails with an error the predicate
 * calls transient. The last error is thrown as it was once the attempts run out.
 */
public final class Retrier {

    private final Backoff backoff;
    private final Predicate<Throwable> transientError;

    public Retrier(Backoff backoff, Predicate<Throwable> transientError) {
        this.backoff = backoff;
        this.transientError = transientError;
    }

    public <T> T call(Supplier<T> call) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (attempt >= backoff.maxAttempts() || !transientError.test(e)) {
                    throw e;
                }
                Thread.sleep(backoff.delayMillis(attempt));
            }
        }
    }
}
