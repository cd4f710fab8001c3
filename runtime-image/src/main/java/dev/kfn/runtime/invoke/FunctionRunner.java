package dev.kfn.runtime.invoke;

import java.util.Optional;

/** Runs invocations of one kind of handler; one call at a time per slot. */
public interface FunctionRunner {

    /** Initialises the handler; the error every invocation gets until a later init succeeds, if it failed. */
    Optional<ErrorBody> init();

    boolean initialised();

    /** Runs one invocation in slot {@code slot}; must return by {@code deadlineMillis} (epoch) with a timeout outcome at the latest. */
    Outcome invoke(Invocation invocation, int slot, long deadlineMillis);

    void close();
}
