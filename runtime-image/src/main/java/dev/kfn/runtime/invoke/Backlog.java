package dev.kfn.runtime.invoke;

import dev.kfn.contract.InvocationKind;
import dev.kfn.runtime.broker.InvocationDelivery;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Delivered invocations waiting for a free slot. Synchronous calls go first: a caller waits on them,
 * while events can wait a little longer.
 */
public final class Backlog {

    private final ArrayDeque<InvocationDelivery> sync = new ArrayDeque<>();
    private final ArrayDeque<InvocationDelivery> async = new ArrayDeque<>();
    private boolean closed;

    /** False when closed: the caller must give the message back. */
    public synchronized boolean offer(InvocationDelivery delivery) {
        if (closed) {
            return false;
        }
        (delivery.message().kind() == InvocationKind.SYNC ? sync : async).add(delivery);
        // one more invocation needs one slot: waking every idle slot would cost each a context switch for nothing
        notify();
        return true;
    }

    /** The next invocation to start, or empty once closed. */
    public synchronized Optional<InvocationDelivery> take() throws InterruptedException {
        while (!closed && sync.isEmpty() && async.isEmpty()) {
            wait();
        }
        if (closed) {
            return Optional.empty();
        }
        return Optional.of(!sync.isEmpty() ? sync.poll() : async.poll());
    }

    /** Stops handing out work; returns what never started, to be given back to the broker. */
    public synchronized List<InvocationDelivery> close() {
        closed = true;
        List<InvocationDelivery> unstarted = new ArrayList<>(sync);
        unstarted.addAll(async);
        sync.clear();
        async.clear();
        notifyAll();
        return unstarted;
    }
}
