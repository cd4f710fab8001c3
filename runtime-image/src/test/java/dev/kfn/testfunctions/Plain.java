package dev.kfn.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.util.Map;

/** Handlers named as Class::method, with no Lambda interface. */
public class Plain {

    public static String shout(String text) {
        return text.toUpperCase() + "!";
    }

    /** An aws-lambda-java-events type, read with Lambda's event serialiser. */
    public String scheduled(ScheduledEvent event, Context context) {
        return event.getDetailType() + " from " + event.getSource() + " in " + event.getRegion();
    }

    public Map<String, Object> fail(Map<String, Object> event) {
        throw new IllegalStateException("boom: " + event.get("reason"));
    }

    /** Fails with an error far bigger than an AMQP header frame. */
    public Map<String, Object> failHuge(Map<String, Object> event) {
        throw new IllegalStateException("huge: " + "e".repeat(((Number) event.get("size")).intValue()));
    }

    /** Sleeps, honouring interrupts: a timeout stops it in time. */
    public String sleep(Map<String, Object> event) throws InterruptedException {
        Thread.sleep(((Number) event.get("millis")).longValue());
        return "slept";
    }

    /** Ignores interrupts: a timeout cannot stop it, so the instance must be replaced. */
    public String spin(Map<String, Object> event) {
        long until = System.nanoTime() + ((Number) event.get("millis")).longValue() * 1_000_000;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        return "spun";
    }

    /** A response of {@code size} characters. */
    public String big(Map<String, Object> event) {
        return "x".repeat(((Number) event.get("size")).intValue());
    }

    /** Writes to stdout and to Lambda's logger, then answers: what a call asking for its log tail should see. */
    public String chatty(Map<String, Object> event, Context context) throws InterruptedException {
        System.out.println("chatty prints " + event.get("word"));
        context.getLogger().log("chatty logs " + event.get("word"));
        // long enough for a second call to run beside this one
        Thread.sleep(((Number) event.getOrDefault("millis", 0)).longValue());
        return "said " + event.get("word");
    }
}
