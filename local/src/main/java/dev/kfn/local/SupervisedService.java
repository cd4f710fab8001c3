package dev.kfn.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A kfn component kept running as its Deployment keeps it in a cluster: its container's liveness probe is asked
 * every second, and a process that exited or stops answering (it hangs) is stopped
 * and started again after a {@link RestartBackOff}, as the kubelet restarts a container that exited or failed its
 * probe. Until a new process has answered once it gets the start-up time a startup probe would give it. Every restart
 * is logged with its reason and its wait.
 */
public final class SupervisedService implements AutoCloseable {

    /** Starts one process of the component. */
    @FunctionalInterface
    public interface Launch {
        JavaService start() throws IOException;
    }

    private static final Logger LOG = Logger.getLogger(SupervisedService.class.getName());
    private static final Duration PROBE_PERIOD = Duration.ofSeconds(1);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    /** Kubernetes' default failureThreshold. */
    private static final int FAILURE_THRESHOLD = 3;

    private static final Duration START_UP = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(PROBE_TIMEOUT)
            .build();

    private final String name;
    private final Launch launch;
    private final URI liveness;
    private final Path log;
    private final RestartBackOff backOff;
    private final ScheduledExecutorService probes;
    private volatile JavaService current;
    private Instant startedAt;
    private boolean answered;
    private int failures;
    private int restartsInARow;
    private Instant restartAt;

    private SupervisedService(
            String name, Launch launch, int port, String livenessPath, Path log, RestartBackOff backOff) {
        this.name = name;
        this.launch = launch;
        this.liveness = URI.create("http://127.0.0.1:" + port + livenessPath);
        this.log = log;
        this.backOff = backOff;
        this.probes = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kfn-supervise-" + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the component and keeps it running; it serves its liveness probe at {@code livenessPath} on {@code port}. */
    public static SupervisedService start(String name, Launch launch, int port, String livenessPath, Path log)
            throws IOException {
        SupervisedService service =
                new SupervisedService(name, launch, port, livenessPath, log, RestartBackOff.DEFAULT);
        service.current = launch.start();
        service.startedAt = Instant.now();
        service.probes.scheduleWithFixedDelay(
                service::probe, PROBE_PERIOD.toMillis(), PROBE_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        return service;
    }

    /** Waits until the first process reports ready, or fails naming the component and its log. */
    public void awaitReady(Duration within) {
        current.awaitReady(within, log);
    }

    private void probe() {
        try {
            Instant now = Instant.now();
            if (restartAt != null) {
                if (!now.isBefore(restartAt)) {
                    restart(now);
                }
                return;
            }
            if (!current.alive()) {
                stopForRestart(now, "exited with code " + current.exitCode());
                return;
            }
            if (live()) {
                failures = 0;
                answered = true;
                if (backOff.stable(Duration.between(startedAt, now))) {
                    restartsInARow = 0;
                }
                return;
            }
            if (!answered && Duration.between(startedAt, now).compareTo(START_UP) < 0) {
                return;
            }
            if (++failures >= FAILURE_THRESHOLD) {
                stopForRestart(now, "did not answer its liveness probe " + FAILURE_THRESHOLD + " times");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "kfn local: supervising the " + name + " failed", e);
        }
    }

    private void stopForRestart(Instant now, String reason) {
        Duration wait = backOff.before(++restartsInARow);
        LOG.warning(() -> "kfn local: the " + name + " " + reason + "; restarting it in " + wait.toMillis()
                + " ms (restart " + restartsInARow + " in a row; log " + log + ")");
        current.close();
        failures = 0;
        restartAt = now.plus(wait);
    }

    private void restart(Instant now) {
        try {
            current = launch.start();
            startedAt = now;
            answered = false;
            restartAt = null;
            LOG.info(() -> "kfn local: the " + name + " started again");
        } catch (IOException e) {
            Duration wait = backOff.before(++restartsInARow);
            LOG.warning(() -> "kfn local: the " + name + " could not be started (" + e.getMessage()
                    + "); trying again in " + wait.toMillis() + " ms");
            restartAt = now.plus(wait);
        }
    }

    private boolean live() {
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(liveness)
                                            .timeout(PROBE_TIMEOUT)
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        probes.shutdownNow();
        try {
            probes.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        current.close();
    }
}
