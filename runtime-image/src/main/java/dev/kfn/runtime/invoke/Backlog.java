package dev.kfn.runtime.invoke;

import dev.kfn.runtime.broker.Delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Delivered invocations waiting for a free slot. Synchronous calls go first: a caller waits on them,
 * while events can wait a little longer.
 */
public final class Backlog {

    private final ArrayDeque<Delivery> sync = new ArrayDeque<>();
    private final ArrayDeque<Delivery> async = new ArrayDeque<>();
    private boolean closed;

    /** False when closed: the caller must give the message back. */
    public synchronized boolean offer(Delivery delivery) {
        if (closed) {
            return false;
        }
        (delivery.invocation().kind() == Invocation.Kind.SYNC ? sync : async).add(delivery);
        notifyAll();
        return true;
    }

    /** The next invocation to start, or empty once closed. */
    public synchronized Optional<Delivery> take() throws InterruptedException {
        while (!closed && sync.isEmpty() && async.isEmpty()) {
            wait();
        }
        if (closed) {
            return Optional.empty();
        }
        return Optional.of(!sync.isEmpty() ? sync.poll() : async.poll());
    }

    /** Stops handing out work; returns what never started, to be given back to the broker. */
    public synchronized List<Delivery> close() {
        closed = true;
        List<Delivery> unstarted = new ArrayList<>(sync);
        unstarted.addAll(async);
        sync.clear();
        async.clear();
        notifyAll();
        return unstarted;
    }
}
