package dev.kfn.contract;

import java.util.Optional;
import java.util.regex.Matcher;

/**
 * A function's Lambda-shaped ARN, {@code arn:aws:lambda:<region>:<namespace>:function:<name>[:<qualifier>]}:
 * kfn's namespace takes the place of Lambda's account, so the ARN names a function completely and the
 * AWS SDKs and CLI accept it wherever they accept a function ARN.
 */
public record FunctionArn(String region, String namespace, String name, Optional<String> qualifier) {

    private static final java.util.regex.Pattern ARN = java.util.regex.Pattern.compile(
            "^arn:(aws[a-zA-Z-]*):lambda:([^:]*):([^:]*):function:([^:]+)(?::([^:]+))?$");

    public static FunctionArn of(String region, FunctionId function) {
        return new FunctionArn(region, function.namespace(), function.name(), Optional.empty());
    }

    public FunctionId function() {
        return new FunctionId(namespace, name);
    }

    /** The same ARN qualified with {@link FunctionVersion#LATEST}, as Lambda names what ran. */
    public FunctionArn latest() {
        return new FunctionArn(region, namespace, name, Optional.of(FunctionVersion.LATEST));
    }

    /** Reads an ARN's parts without judging them; empty when the text is not shaped as a Lambda function ARN. */
    public static Optional<FunctionArn> parse(String text) {
        Matcher m = ARN.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new FunctionArn(m.group(2), m.group(3), m.group(4), Optional.ofNullable(m.group(5))));
    }

    public static boolean looksLikeArn(String text) {
        return text.startsWith("arn:");
    }

    @Override
    public String toString() {
        return "arn:aws:lambda:" + region + ":" + namespace + ":function:" + name
                + qualifier.map(q -> ":" + q).orElse("");
    }
}
