package dev.kfn.contract;

import java.util.Arrays;
import java.util.Optional;

/** How the runtime host runs the code: a Java handler in-process, or any binary behind the Lambda Runtime API. */
public enum Runtime {
    JAVA("java"),
    PROVIDED("provided");

    /** The spec values, as the CRD schema spells them. */
    public static final String PATTERN = "^(java|provided)$";

    private final String value;

    Runtime(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<Runtime> of(String value) {
        return Arrays.stream(values()).filter(r -> r.value.equals(value)).findFirst();
    }
}
