package dev.kfn.gateway;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The one thread a kind of trigger's pollers are kept on: every second it brings them in line with the Functions,
 * it runs the pollers' own timers, and on shutdown it closes them. A pass never races another, nor the shutdown,
 * so the pollers' bookkeeping needs no lock; a pass that throws is logged and the next one tries again.
 */
public final class PollerThread {

    private static final Logger LOG = Logger.getLogger(PollerThread.class);

    private final String kind;
    private final ScheduledExecutorService timer;

    private PollerThread(String kind, ScheduledExecutorService timer) {
        this.kind = kind;
        this.timer = timer;
    }

    /** Runs {@code pass} now and a second after each pass ends. */
    public static PollerThread start(String kind, Runnable pass) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kfn-" + kind + "-pollers");
            thread.setDaemon(true);
            return thread;
        });
        PollerThread thread = new PollerThread(kind, timer);
        timer.scheduleWithFixedDelay(thread.guarded(pass), 0, 1, TimeUnit.SECONDS);
        return thread;
    }

    /** The thread as a timer, for what the pollers schedule themselves. */
    public ScheduledExecutorService timer() {
        return timer;
    }

    /**
     * Runs {@code close} on the thread, then ends it; after {@code patience} it gives up on {@code close} and logs
     * {@code unclean}, what becomes of the work left.
     */
    public void stop(Runnable close, Duration patience, String unclean) {
        try {
            timer.submit(close).get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf(e, "%s pollers not stopped cleanly; %s", kind, unclean);
        }
        timer.shutdown();
    }

    private Runnable guarded(Runnable pass) {
        return () -> {
            try {
                pass.run();
            } catch (RuntimeException e) {
                LOG.warnf(e, "%s triggers not reconciled; trying again in a second", kind);
            }
        };
    }
}
