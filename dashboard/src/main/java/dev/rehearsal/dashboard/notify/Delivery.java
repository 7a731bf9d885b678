package dev.rehearsal.dashboard.notify;

import java.util.Objects;
import java.util.UUID;

/**
 * An update on its way to one receiver.
 *
 * @param id     unique to this update and receiver, the same in every attempt, so that the receiver can
 *               drop an update it already has (the webhook's {@code X-Rehearsal-Delivery})
 * @param update what is sent
 */
public record Delivery(String id, StatusUpdate update) {

    public Delivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(update, "update");
    }

    /** A delivery with a fresh random id. */
    public static Delivery of(StatusUpdate update) {
        return new Delivery(UUID.randomUUID().toString(), update);
    }
}
