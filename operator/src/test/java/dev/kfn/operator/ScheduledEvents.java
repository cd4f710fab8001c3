package dev.kfn.operator;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Reads a firing's payload as Lambda's Java runtime does, into aws-lambda-java-events' ScheduledEvent. */
public final class ScheduledEvents {

    private ScheduledEvents() {}

    public static ScheduledEvent read(byte[] body) {
        return LambdaEventSerializers.serializerFor(ScheduledEvent.class, ScheduledEvents.class.getClassLoader())
                .fromJson(new String(body, StandardCharsets.UTF_8));
    }

    /** The time the schedule named. */
    public static Instant time(ScheduledEvent event) {
        return Instant.ofEpochMilli(event.getTime().getMillis());
    }
}
