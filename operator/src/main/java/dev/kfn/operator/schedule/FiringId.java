package dev.kfn.operator.schedule;

import dev.kfn.contract.FunctionId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The id of one firing, made from what it is (function, trigger, scheduled time) and nothing else: every attempt,
 * by any leader, carries the same id, so a handler can drop a duplicate. It is the event's {@code id} and the
 * invocation's request id.
 */
public final class FiringId {

    private FiringId() {}

    public static UUID of(FunctionId function, int trigger, Instant scheduled) {
        return UUID.nameUUIDFromBytes(
                (function + "#schedule[" + trigger + "]@" + scheduled).getBytes(StandardCharsets.UTF_8));
    }
}
