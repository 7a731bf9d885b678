package dev.rehearsal.dashboard.notify;

import dev.rehearsal.dashboard.notify.StatusUpdate.Event;
import java.time.Duration;
import java.time.Instant;

/**
 * One attempt to deliver an update to one receiver, as the run's timeline records it. An update
 * that was never sent (dropped from a full queue, or still waiting when the announcer closed) is
 * recorded too, as an attempt with no duration.
 *
 * @param notifier   the receiver's name ({@code rehearsal.plans.<plan>.notifiers.<name>})
 * @param type       its type ({@code webhook}, {@code slack}, {@code statuspage})
 * @param event      the update's event
 * @param deliveryId the update's delivery id, the same in each of its attempts
 * @param attempt    1 for the first attempt
 * @param at         when the attempt started
 * @param duration   how long it took; null when no request was made
 * @param httpStatus the receiver's answer; null when there was none (a timeout, no connection)
 * @param error      why the receiver did not take the update, naming its host and never a secret;
 *                   null when it took it
 * @param etaSeconds the plan's remaining time the update gave; null if it gave none
 * @param last       whether no further attempt follows for this update (it went through, it was
 *                   refused for good, the attempts ran out, or the announcer closed)
 */
public record Attempt(String notifier, String type, Event event, String deliveryId, int attempt, Instant at,
        Duration duration, Integer httpStatus, String error, Double etaSeconds, boolean last) {

    /** Whether the receiver took the update in this attempt. */
    public boolean delivered() {
        return error == null;
    }
}
