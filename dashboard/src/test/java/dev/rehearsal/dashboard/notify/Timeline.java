package dev.rehearsal.dashboard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** The attempts an announcer reported, in order, and whether two reports ever overlapped. */
final class Timeline implements Consumer<Attempt> {

    private final List<Attempt> attempts = new ArrayList<>();
    private final AtomicInteger inside = new AtomicInteger();
    private volatile boolean overlapped;

    @Override
    public void accept(Attempt attempt) {
        if (inside.incrementAndGet() > 1) {
            overlapped = true;
        }
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            attempts.add(attempt);
            notifyAll();
        }
        inside.decrementAndGet();
    }

    synchronized List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    boolean overlapped() {
        return overlapped;
    }

    /** Waits up to 10 s until {@code n} attempts match, and returns those that do. */
    synchronized List<Attempt> await(int n, Predicate<Attempt> which) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (attempts.stream().filter(which).count() < n && System.nanoTime() < end) {
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        }
        List<Attempt> matching = attempts.stream().filter(which).toList();
        assertThat(matching).as("attempts so far: " + attempts).hasSizeGreaterThanOrEqualTo(n);
        return matching;
    }

    List<Attempt> await(int n) throws InterruptedException {
        return await(n, a -> true);
    }
}
