package dev.kfn.local.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.local.e2e.LocalRun;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load on one function through the gateway, as its users make it: synchronous callers whose payload carries a unique
 * id the answer must echo, and asynchronous senders whose id is owed a run once the gateway accepted it (202). It
 * keeps what each caller saw; it knows nothing of kfn's insides.
 */
final class Traffic implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long REFUSED_BACK_OFF_MILLIS = 50;

    private final LocalRun run;
    private final String function;
    private final AtomicBoolean sending = new AtomicBoolean(true);
    private final AtomicInteger next = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    final Set<String> sent = ConcurrentHashMap.newKeySet();
    final Set<String> accepted = ConcurrentHashMap.newKeySet();
    /** Payload id sent → payload id the answer carried, for answers that were the function's result. */
    final Map<String, String> answered = new ConcurrentHashMap<>();

    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger functionErrors = new AtomicInteger();
    final AtomicLong lastAnswerNanos = new AtomicLong();

    private Traffic(LocalRun run, String function) {
        this.run = run;
        this.function = function;
    }

    static Traffic start(LocalRun run, String function, int callers, int senders) {
        Traffic traffic = new Traffic(run, function);
        for (int i = 0; i < callers; i++) {
            traffic.threads.execute(traffic::call);
        }
        for (int i = 0; i < senders; i++) {
            traffic.threads.execute(traffic::send);
        }
        return traffic;
    }

    private String nextId(String kind) {
        return function + "-" + kind + next.incrementAndGet();
    }

    private void call() {
        while (sending.get()) {
            call(nextId("s"), null);
        }
    }

    private void send() {
        while (sending.get()) {
            send(nextId("e"), null);
        }
    }

    /** One synchronous call; {@code act} tells the recording handler to misbehave. */
    void call(String id, String act) {
        sent.add(id);
        try {
            HttpResponse<String> response =
                    run.invoke(function, payload(id, act)).get();
            if (response.statusCode() != 200) {
                refused();
            } else if (response.headers().firstValue("X-Amz-Function-Error").isPresent()) {
                functionErrors.incrementAndGet();
            } else {
                JsonNode answer = JSON.readTree(response.body());
                answered.put(id, answer.path("id").asText("(none)"));
                lastAnswerNanos.set(System.nanoTime());
            }
        } catch (Exception e) {
            refused();
        }
    }

    /** A caller backs off a little after a refusal, as Lambda's SDKs do, rather than spin on a platform that is away. */
    private void refused() {
        refused.incrementAndGet();
        backOff();
    }

    private static void backOff() {
        try {
            Thread.sleep(REFUSED_BACK_OFF_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One event; owed a run (or a dead letter with its reason) once accepted. */
    void send(String id, String act) {
        sent.add(id);
        try {
            if (run.invokeAsync(function, payload(id, act)).get().statusCode() == 202) {
                accepted.add(id);
            } else {
                backOff();
            }
        } catch (Exception e) {
            // not accepted, so not owed
            backOff();
        }
    }

    private static String payload(String id, String act) {
        return act == null ? "{\"id\":\"" + id + "\"}" : "{\"id\":\"" + id + "\",\"act\":\"" + act + "\"}";
    }

    /** Whether a synchronous call was answered by the function since {@code nanos}. */
    boolean answeredSince(long nanos) {
        return lastAnswerNanos.get() > nanos;
    }

    @Override
    public void close() throws InterruptedException {
        sending.set(false);
        threads.shutdown();
        if (!threads.awaitTermination(3, TimeUnit.MINUTES)) {
            threads.shutdownNow();
        }
    }
}
