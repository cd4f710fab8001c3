package dev.kfn.gateway.auth;

import java.util.Optional;

/** What a function asks of its callers. */
public enum AuthPolicy {
    NONE("none"),
    API_KEY("apiKey"),
    JWT("jwt");

    private final String text;

    AuthPolicy(String text) {
        this.text = text;
    }

    public static Optional<AuthPolicy> parse(String text) {
        for (AuthPolicy policy : values()) {
            if (policy.text.equals(text)) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }

    /**
     * The policy a call meets: none while auth is off; otherwise the function's own, or the default. A policy
     * the gateway does not know is read as the strictest, so a typo never opens a function.
     */
    public static AuthPolicy effective(boolean enabled, String defaultPolicy, Optional<String> functionPolicy) {
        if (!enabled) {
            return NONE;
        }
        String chosen = functionPolicy.orElse(defaultPolicy);
        return parse(chosen).orElse(JWT);
    }

    @Override
    public String toString() {
        return text;
    }
}
