package dev.kfn.contract;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A topic's SNS-shaped ARN, {@code arn:aws:sns:<region>:<namespace>:<topic>}: as in {@link FunctionArn}, kfn's
 * namespace takes the place of the account, so an SNS client names a kfn topic with the ARN it would use for SNS.
 */
public record TopicArn(String region, String namespace, String topic) {

    private static final Pattern ARN = Pattern.compile("^arn:(aws[a-zA-Z-]*):sns:([^:]*):([^:]+):([^:]+)$");

    /** Reads an ARN's parts without judging them; empty when the text is not shaped as an SNS topic ARN. */
    public static Optional<TopicArn> parse(String text) {
        Matcher m = ARN.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new TopicArn(m.group(2), m.group(3), m.group(4)));
    }

    /** A subscription's ARN: the topic's, then the subscription's id, as SNS writes {@code EventSubscriptionArn}. */
    public String subscription(String id) {
        return this + ":" + id;
    }

    @Override
    public String toString() {
        return "arn:aws:sns:" + region + ":" + namespace + ":" + topic;
    }
}
