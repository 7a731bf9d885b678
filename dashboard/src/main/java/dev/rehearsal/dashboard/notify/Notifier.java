package dev.rehearsal.dashboard.notify;

/**
 * A receiver of status updates: sends one update, once. Retries, timing, ordering and reporting are
 * the {@link Announcer}'s; a notifier is called from one thread at a time, in the order of the run.
 */
public interface Notifier {

    /**
     * Sends the update once.
     *
     * @return the HTTP status with which the receiver accepted it
     * @throws DeliveryException when the receiver did not accept it (a status, a timeout, no connection);
     *                           its message names the receiver's host, never a secret
     * @throws InterruptedException when the announcer gives up at close
     */
    int send(Delivery delivery) throws DeliveryException, InterruptedException;
}
