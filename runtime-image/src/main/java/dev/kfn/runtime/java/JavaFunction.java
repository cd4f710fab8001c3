package dev.kfn.runtime.java;

import dev.kfn.runtime.invoke.ErrorBody;
import dev.kfn.runtime.invoke.FunctionInstance;
import dev.kfn.runtime.invoke.FunctionRunner;
import dev.kfn.runtime.invoke.Invocation;
import dev.kfn.runtime.invoke.InvocationOutput;
import dev.kfn.runtime.invoke.Outcome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * A {@code java} function: the handler runs in-process, loaded by its own class loader, one handler thread per slot.
 *
 * <p>Lambda resets the sandbox after a timeout; in one JVM that means a new process. A timed-out handler thread is
 * interrupted, but nothing can make it stop, and its static state (caches, half-done work, a lock it holds) would
 * meet the next invocation. So after a timeout the instance stops taking work, lets the other slots finish, and exits
 * non-zero for the platform to start a fresh one; the timed-out invocation itself is answered and settled first, so
 * it counts as one failed attempt. The same holds for an init that outlives {@code initTimeout}: its thread holds the
 * handler class's initialisation, which no retry in this JVM could get past.
 *
 * <p>A handler that calls {@code System.exit} ends the JVM; its invocation is answered {@code Runtime.ExitError} at
 * once by a shutdown hook instead of timing out while the JVM drains.
 */
public final class JavaFunction implements FunctionRunner {

    private static final Logger LOG = Logger.getLogger(JavaFunction.class);

    /** What a slot's handler thread runs now. */
    private record Running(Thread thread, String requestId, CompletableFuture<Outcome> result) {}

    private final String handlerName;
    private final Path taskRoot;
    private final FunctionInstance function;
    private final long timeoutMillis;
    private final Duration initTimeout;
    private final Runnable replaceInstance;
    private final ExecutorService[] slots;
    private final AtomicReferenceArray<Running> running;
    private final FunctionLogger logger = new FunctionLogger();
    private volatile JavaHandler handler;
    private volatile ClassLoader classLoader;
    private volatile ErrorBody initStuck;

    public JavaFunction(
            String handlerName,
            Path taskRoot,
            FunctionInstance function,
            long timeoutMillis,
            Duration initTimeout,
            int concurrency,
            Runnable replaceInstance) {
        this.handlerName = handlerName;
        this.taskRoot = taskRoot;
        this.function = function;
        this.timeoutMillis = timeoutMillis;
        this.initTimeout = initTimeout;
        this.replaceInstance = replaceInstance;
        this.slots = new ExecutorService[concurrency];
        this.running = new AtomicReferenceArray<>(concurrency);
        for (int i = 0; i < concurrency; i++) {
            int slot = i;
            slots[i] = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(
                        () -> {
                            InvocationOutput.bindThread(slot);
                            r.run();
                        },
                        "kfn-handler-" + slot);
                thread.setDaemon(true);
                return thread;
            });
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::exitCalled, "kfn-exit-watch"));
    }

    /** Loads the handler on a thread of its own, so that an init that never ends cannot hold the instance. */
    @Override
    public synchronized Optional<ErrorBody> init() {
        if (handler != null) {
            return Optional.empty();
        }
        if (initStuck != null) {
            return Optional.of(initStuck);
        }
        ClassLoader loader = new HandlerClassLoader(taskRoot, JavaFunction.class.getClassLoader());
        CompletableFuture<JavaHandler> loaded = new CompletableFuture<>();
        Thread loading = new Thread(
                () -> {
                    Thread.currentThread().setContextClassLoader(loader);
                    try {
                        loaded.complete(JavaHandlerLoader.load(handlerName, loader));
                    } catch (Throwable e) {
                        loaded.completeExceptionally(e);
                    }
                },
                "kfn-handler-init");
        loading.setDaemon(true);
        loading.start();
        try {
            handler = loaded.get(initTimeout.toMillis(), TimeUnit.MILLISECONDS);
            classLoader = loader;
            return Optional.empty();
        } catch (TimeoutException e) {
            loading.interrupt();
            initStuck = new ErrorBody(
                    "Runtime.InitTimeout",
                    "Init of handler " + handlerName + " did not finish within " + initTimeout.toMillis() + " ms",
                    List.of());
            LOG.errorf(
                    "Init of handler %s did not finish within %s; the next invocation gets the error, then the instance is replaced",
                    handlerName, initTimeout);
            return Optional.of(initStuck);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof ExceptionInInitializerError init && init.getCause() != null
                    ? init.getCause()
                    : e.getCause();
            LOG.errorf(cause, "Init of handler %s failed", handlerName);
            return Optional.of(ErrorBody.of(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(ErrorBody.of(e));
        }
    }

    @Override
    public boolean initialised() {
        return handler != null;
    }

    @Override
    public Outcome invoke(Invocation invocation, int slot, long deadlineMillis) {
        Optional<ErrorBody> initError = init();
        if (initError.isPresent()) {
            if (initStuck != null) {
                replaceInstance.run();
            }
            return Outcome.error(initError.get());
        }
        String requestId = invocation.requestId();
        LambdaContext context = new LambdaContext(
                requestId,
                function,
                deadlineMillis,
                logger,
                invocation
                        .message()
                        .clientContext()
                        .flatMap(LambdaClientContext::parse)
                        .orElse(null));
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        Future<?> call = slots[slot].submit(() -> {
            running.set(slot, new Running(Thread.currentThread(), requestId, result));
            Thread.currentThread().setContextClassLoader(classLoader);
            MDC.put("requestId", requestId);
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                handler.handle(new ByteArrayInputStream(invocation.payload()), out, context);
                result.complete(Outcome.success(out.toByteArray()));
            } catch (Throwable e) {
                result.complete(Outcome.error(ErrorBody.of(e)));
            } finally {
                running.set(slot, null);
                MDC.remove("requestId");
            }
        });
        try {
            return result.get(Math.max(0, deadlineMillis - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            LOG.warnf(
                    "Invocation %s timed out; replacing this instance once the other slots finish, as Lambda resets a sandbox",
                    requestId);
            replaceInstance.run();
            return Outcome.timeout(requestId, timeoutMillis);
        } catch (ExecutionException e) {
            // the task completes the result itself and never throws
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            return Outcome.error(ErrorBody.of(e));
        }
    }

    /**
     * Runs when the JVM starts to exit. A handler thread inside {@code Runtime.exit} called {@code System.exit}: it
     * waits there until the JVM halts, so its invocation is answered now, and the drain lets the slot settle it.
     */
    private void exitCalled() {
        for (int slot = 0; slot < running.length(); slot++) {
            Running run = running.get(slot);
            if (run != null
                    && Arrays.stream(run.thread().getStackTrace())
                            .anyMatch(frame -> frame.getClassName().equals("java.lang.Runtime")
                                    && frame.getMethodName().equals("exit"))) {
                run.result()
                        .complete(Outcome.error(new ErrorBody(
                                "Runtime.ExitError",
                                "RequestId: " + run.requestId()
                                        + " Error: Runtime exited: the handler called System.exit",
                                List.of())));
            }
        }
    }

    @Override
    public void close() {
        for (ExecutorService slot : slots) {
            slot.shutdownNow();
        }
    }
}
