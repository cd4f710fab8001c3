package dev.kfn.runtime.provided;

import dev.kfn.runtime.invoke.ErrorBody;
import dev.kfn.runtime.invoke.Invocation;
import dev.kfn.runtime.invoke.Outcome;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * One execution environment of a {@code provided} function: a bootstrap process and the state of its
 * Runtime API conversation (which invocation is waiting for a {@code next}, which one awaits its
 * response). A timeout or a crash kills the process; a fresh one is started at once, as Lambda resets
 * a sandbox.
 */
final class Sandbox {

    private static final Logger LOG = Logger.getLogger(Sandbox.class);

    /** An invocation handed to the runtime: answered through {@link #result}. */
    record Assigned(String requestId, long deadlineMillis, Invocation invocation, CompletableFuture<Outcome> result) {}

    /** What the Runtime API answers a call with. */
    record Reply(int status, String errorType, String message) {

        static final Reply ACCEPTED = new Reply(202, null, null);
    }

    private final int slot;
    private final List<String> command;
    private final Path workingDirectory;
    private final Map<String, String> environment;
    private final Duration initTimeout;
    private final long timeoutMillis;
    private final Runnable restarted;
    private boolean everStarted;

    private Process process;
    private CompletableFuture<Void> initDone = new CompletableFuture<>();
    private boolean reachedNext;
    private Outcome initError;
    private Waiting parked;
    private Assigned pending;
    private Assigned current;

    /** A parked {@code next} call: the Runtime API server completes it with an invocation. */
    interface Waiting {
        void deliver(Assigned invocation);
    }

    Sandbox(
            int slot,
            List<String> command,
            Path workingDirectory,
            Map<String, String> environment,
            Duration initTimeout,
            long timeoutMillis,
            Runnable restarted) {
        this.slot = slot;
        this.command = command;
        this.workingDirectory = workingDirectory;
        this.environment = environment;
        this.initTimeout = initTimeout;
        this.timeoutMillis = timeoutMillis;
        this.restarted = restarted;
    }

    /** Where this sandbox's Runtime API listens, as {@code host:port}; known once its server listens. */
    synchronized void runtimeApi(String address) {
        environment.put("AWS_LAMBDA_RUNTIME_API", address);
    }

    /** Starts the bootstrap and waits until it asks for its first invocation, posts an init error, or exits. */
    Optional<Outcome> init() {
        CompletableFuture<Void> done;
        synchronized (this) {
            // an init error waits to be the answer of the next invocation before anything restarts
            if (initError == null && (process == null || !process.isAlive())) {
                start();
            }
            done = initDone;
        }
        try {
            done.get(initTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            kill();
            return Optional.of(Outcome.error(new ErrorBody(
                    "Runtime.InitTimeout",
                    "Bootstrap did not ask for an invocation within " + initTimeout.toSeconds() + " s",
                    List.of())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(Outcome.error(ErrorBody.of(e)));
        } catch (ExecutionException e) {
            return Optional.of(Outcome.error(ErrorBody.of(e.getCause())));
        }
        synchronized (this) {
            if (initError != null) {
                return Optional.of(initError);
            }
            if (!reachedNext) {
                return Optional.of(exitError(null));
            }
            return Optional.empty();
        }
    }

    synchronized boolean initialised() {
        return reachedNext && initError == null && process != null && process.isAlive();
    }

    /**
     * Runs one invocation. A sandbox that has to start first (after a reset or crash) initialises
     * within the init timeout and the invocation gets its full timeout after that, as in Lambda, so a
     * slow-starting runtime is not reset again and again.
     */
    Outcome invoke(Invocation invocation, long deadlineMillis) {
        boolean cold = !initialised();
        Optional<Outcome> initFailure = init();
        if (initFailure.isPresent()) {
            synchronized (this) {
                // the error answers this invocation; the next one starts a fresh bootstrap
                initError = null;
            }
            kill();
            return initFailure.get();
        }
        long deadline = cold ? Math.max(deadlineMillis, System.currentTimeMillis() + timeoutMillis) : deadlineMillis;
        Assigned assigned = new Assigned(invocation.requestId(), deadline, invocation, new CompletableFuture<>());
        synchronized (this) {
            if (parked != null) {
                Waiting waiting = parked;
                parked = null;
                current = assigned;
                waiting.deliver(assigned);
            } else {
                pending = assigned;
            }
        }
        try {
            return assigned.result().get(Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("Invocation %s timed out; resetting sandbox %d", assigned.requestId(), slot);
            kill();
            synchronized (this) {
                start();
            }
            return Outcome.timeout(assigned.requestId(), timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.error(ErrorBody.of(e));
        } catch (ExecutionException e) {
            return Outcome.error(ErrorBody.of(e.getCause()));
        }
    }

    /**
     * GET next: deliver the waiting invocation now, or park until one comes. A runtime that asks again
     * without answering leaves its current invocation to run into its deadline.
     */
    synchronized void next(Waiting waiting) {
        if (!reachedNext) {
            reachedNext = true;
            initDone.complete(null);
        }
        if (pending != null) {
            current = pending;
            pending = null;
            waiting.deliver(current);
        } else {
            parked = waiting;
        }
    }

    /** A parked {@code next} whose connection closed: nothing to deliver to any more. */
    synchronized void abandoned(Waiting waiting) {
        if (parked == waiting) {
            parked = null;
        }
    }

    synchronized Reply respond(String requestId, Outcome outcome) {
        if (current == null || !current.requestId().equals(requestId)) {
            return new Reply(400, "InvalidRequestID", "Invalid request ID: " + requestId);
        }
        current.result().complete(outcome);
        current = null;
        return Reply.ACCEPTED;
    }

    synchronized Reply tooLarge(String requestId, int limit) {
        if (current != null && current.requestId().equals(requestId)) {
            current.result()
                    .complete(Outcome.error(new ErrorBody(
                            "Function.ResponseSizeTooLarge",
                            "Response payload size exceeded maximum allowed payload size (" + limit + " bytes).",
                            List.of())));
            current = null;
        }
        return new Reply(413, "RequestEntityTooLarge", "Exceeded maximum allowed payload size (" + limit + " bytes).");
    }

    synchronized Reply initError(Outcome error) {
        if (reachedNext) {
            return new Reply(403, "InvalidStateTransition", "Init error posted after init completed");
        }
        initError = error;
        initDone.complete(null);
        return Reply.ACCEPTED;
    }

    private void start() {
        if (everStarted) {
            restarted.run();
        }
        everStarted = true;
        // the bootstrap's output is piped, not inherited, so that a call asking for its log tail gets its lines
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectInput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().keySet().removeIf(name -> name.startsWith("KFN_") || name.startsWith("QUARKUS_"));
        builder.environment().putAll(environment);
        initDone = new CompletableFuture<>();
        reachedNext = false;
        initError = null;
        parked = null;
        try {
            Process started = builder.start();
            process = started;
            SandboxOutput.pump(
                    slot,
                    started.getInputStream(),
                    new FileOutputStream(FileDescriptor.out),
                    "kfn-sandbox-out-" + slot);
            SandboxOutput.pump(
                    slot,
                    started.getErrorStream(),
                    new FileOutputStream(FileDescriptor.err),
                    "kfn-sandbox-err-" + slot);
            LOG.debugf("Sandbox %d started bootstrap pid %d", slot, started.pid());
            started.onExit().thenAccept(this::exited);
        } catch (IOException e) {
            process = null;
            initDone.complete(null);
            initError = Outcome.error(new ErrorBody("Runtime.InvalidEntrypoint", e.getMessage(), List.of()));
        }
    }

    private synchronized void exited(Process exited) {
        if (exited != process) {
            return;
        }
        LOG.warnf("Bootstrap of sandbox %d exited with status %d", slot, exited.exitValue());
        initDone.complete(null);
        parked = null;
        for (Assigned lost : new Assigned[] {current, pending}) {
            if (lost != null) {
                lost.result().complete(exitError(exited.exitValue()));
            }
        }
        current = null;
        pending = null;
    }

    private Outcome exitError(Integer status) {
        String how = status == null
                ? "Runtime exited without asking for an invocation"
                : "Runtime exited with error: exit status " + status;
        return Outcome.error(new ErrorBody("Runtime.ExitError", how, List.of()));
    }

    /** Kills the bootstrap and everything it started. */
    void kill() {
        Process victim;
        synchronized (this) {
            victim = process;
            process = null;
            parked = null;
            current = null;
            pending = null;
        }
        if (victim != null) {
            victim.descendants().forEach(ProcessHandle::destroyForcibly);
            victim.destroyForcibly();
            try {
                victim.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
