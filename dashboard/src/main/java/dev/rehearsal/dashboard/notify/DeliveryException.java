package dev.rehearsal.dashboard.notify;

/**
 * A receiver did not take an update. The message names the receiver by its host, and never holds a
 * secret, an API key or a URL's path.
 */
public final class DeliveryException extends Exception {

    private final Integer status;
    private final boolean retryable;

    /**
     * @param status    the HTTP status the receiver answered, or null when there was no answer
     * @param retryable whether another attempt could go differently (a 5xx, 408, 429, a timeout, no
     *                  connection), as opposed to a refusal that will not change (another 4xx)
     */
    public DeliveryException(String message, Integer status, boolean retryable) {
        super(message);
        this.status = status;
        this.retryable = retryable;
    }

    public Integer status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }
}
