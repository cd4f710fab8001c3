package dev.kfn.runtime.java;

import dev.kfn.runtime.invoke.ErrorBody;
import dev.kfn.runtime.invoke.FunctionInstance;
import dev.kfn.runtime.invoke.FunctionRunner;
import dev.kfn.runtime.invoke.Invocation;
import dev.kfn.runtime.invoke.Outcome;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@code java} function: the handler runs in-process, loaded by its own class loader, one handler
 * thread per slot so that a call past its deadline can be interrupted and abandoned. A thread that
 * ignores the interrupt cannot be stopped safely, so the instance is replaced instead of running new
 * invocations beside it.
 */
public final class JavaFunction implements FunctionRunner {

    private static final Logger LOG = Logger.getLogger(JavaFunction.class);

    private final String handlerName;
    private final Path taskRoot;
    private final FunctionInstance function;
    private final long timeoutMillis;
    private final Duration interruptGrace;
    private final Runnable replaceInstance;
    private final ExecutorService[] slots;
    private final FunctionLogger logger = new FunctionLogger();
    private volatile JavaHandler handler;
    private volatile ClassLoader classLoader;

    public JavaFunction(String handlerName, Path taskRoot, FunctionInstance function, long timeoutMillis,
                        Duration interruptGrace, int concurrency, Runnable replaceInstance) {
        this.handlerName = handlerName;
        this.taskRoot = taskRoot;
        this.function = function;
        this.timeoutMillis = timeoutMillis;
        this.interruptGrace = interruptGrace;
        this.replaceInstance = replaceInstance;
        this.slots = new ExecutorService[concurrency];
        for (int i = 0; i < concurrency; i++) {
            int slot = i;
            slots[i] = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "kfn-handler-" + slot);
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    @Override
    public synchronized Optional<ErrorBody> init() {
        if (handler != null) {
            return Optional.empty();
        }
        ClassLoader loader = new HandlerClassLoader(taskRoot, JavaFunction.class.getClassLoader());
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(loader);
        try {
            handler = JavaHandlerLoader.load(handlerName, loader);
            classLoader = loader;
            return Optional.empty();
        } catch (Throwable e) {
            Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
            LOG.errorf(cause, "Init of handler %s failed", handlerName);
            return Optional.of(ErrorBody.of(cause));
        } finally {
            current.setContextClassLoader(previous);
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
            return Outcome.error(initError.get());
        }
        String requestId = invocation.requestId();
        LambdaContext context = new LambdaContext(requestId, function, deadlineMillis, logger,
            invocation.message().clientContext().flatMap(LambdaClientContext::parse).orElse(null));
        CountDownLatch stopped = new CountDownLatch(1);
        Future<byte[]> call = slots[slot].submit(() -> {
            Thread.currentThread().setContextClassLoader(classLoader);
            MDC.put("requestId", requestId);
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                handler.handle(new ByteArrayInputStream(invocation.payload()), out, context);
                return out.toByteArray();
            } catch (Throwable e) {
                throw new HandlerThrew(e);
            } finally {
                MDC.remove("requestId");
                stopped.countDown();
            }
        });
        try {
            return Outcome.success(call.get(Math.max(0, deadlineMillis - System.currentTimeMillis()), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            Throwable thrown = e.getCause() instanceof HandlerThrew h ? h.getCause() : e.getCause();
            return Outcome.error(ErrorBody.of(thrown));
        } catch (TimeoutException e) {
            call.cancel(true);
            awaitStop(stopped, requestId);
            return Outcome.timeout(requestId, timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            return Outcome.error(ErrorBody.of(e));
        }
    }

    private void awaitStop(CountDownLatch stopped, String requestId) {
        try {
            if (stopped.await(interruptGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.errorf("Handler of %s still runs %s after its timeout; replacing this instance", requestId, interruptGrace);
        replaceInstance.run();
    }

    @Override
    public void close() {
        for (ExecutorService slot : slots) {
            slot.shutdownNow();
        }
    }

    /** Carries anything the handler threw, Errors included, out of the handler thread. */
    private static final class HandlerThrew extends Exception {
        HandlerThrew(Throwable cause) {
            super(cause);
        }
    }
}
