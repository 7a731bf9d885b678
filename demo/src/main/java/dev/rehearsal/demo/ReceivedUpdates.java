package dev.rehearsal.demo;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last status updates the demo's webhook receiver took, newest first, in memory only: what a
 * real incident's receiver (a chat bridge, a status page) would have been sent. Refused deliveries
 * are kept too, with why, so that a newcomer sees what a receiver must check.
 */
final class ReceivedUpdates {

    /** How many updates are kept; older ones are dropped. */
    static final int KEPT = 100;

    /**
     * @param event         the update's event (STARTED, PROGRESS, STAGE_RECOVERED, FINISHED…), or the
     *                      {@code X-Rehearsal-Event} header when the body could not be read
     * @param at            when the plan runner took the state it describes; null if unknown
     * @param etaSeconds    the whole plan's time left it gave, or null
     * @param signatureValid whether the HMAC signature matched and the timestamp was recent
     * @param problem       why it was refused, or null
     */
    record Update(Instant receivedAt, String deliveryId, String event, String runId, String plan, String mode,
            Instant at, String summary, Double etaSeconds, boolean signatureValid, String problem) {
    }

    private final Deque<Update> updates = new ArrayDeque<>();

    /** Keeps an update; false, keeping nothing, for a delivery already taken (a retry whose answer was lost). */
    synchronized boolean add(Update u) {
        if (u.signatureValid() && u.deliveryId() != null && updates.stream()
                .anyMatch(x -> x.signatureValid() && u.deliveryId().equals(x.deliveryId()))) {
            return false;
        }
        updates.addFirst(u);
        while (updates.size() > KEPT) {
            updates.removeLast();
        }
        return true;
    }

    synchronized List<Update> newestFirst() {
        return new ArrayList<>(updates);
    }
}
