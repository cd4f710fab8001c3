package dev.kfn.contract.broker;

import dev.kfn.contract.DestinationAddress;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.QueueNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What one broker identity may do, in RabbitMQ's terms: regexes on resource names for configure (declare,
 * delete), write (publish to an exchange) and read (consume, purge, get), and topic permissions that restrict
 * the routing keys it may publish with on each topic exchange. The write side of a function's identity
 * names only topic exchanges, so every publish it may make is bounded by a routing-key rule.
 */
public record BrokerPermissions(String configure, String write, String read, List<TopicPermission> topics) {

    /** Nothing matches: RabbitMQ's way of granting no access of a kind. */
    public static final String NOTHING = "^$";

    public static final String EVERYTHING = ".*";

    /** A routing-key rule for publishing to (write) and binding from (read) one topic exchange. */
    public record TopicPermission(Exchange exchange, String write, String read) {}

    /** The broker user of a function's pods; the operator creates it and puts its password in the function's namespace. */
    public static String functionUser(FunctionId function) {
        return "kfn-function." + function.namespace() + "." + function.name();
    }

    /**
     * A function's pods: read only its own invocation queues; publish only replies signed with its name, into its
     * own queues (retries, dead letters, a delivery handed back), and the destinations its spec declares; configure nothing (the operator declares
     * every queue and exchange).
     */
    public static BrokerPermissions forFunction(FunctionId function, Collection<DestinationAddress> destinations) {
        QueueNames queues = function.queues();
        List<TopicPermission> topics = new ArrayList<>();
        topics.add(new TopicPermission(
                Exchange.REPLY,
                "^[^.]+(\\.[^.]+)*\\." + literal(function.namespace()) + "\\." + literal(function.name()) + "$",
                NOTHING));
        topics.add(new TopicPermission(Exchange.SELF, exactly(queues.all()), NOTHING));
        topics.add(new TopicPermission(
                Exchange.DESTINATION,
                exactly(destinations.stream()
                        .filter(d -> !(d instanceof DestinationAddress.ToTopic))
                        .map(DestinationAddress::routingKey)
                        .toList()),
                NOTHING));
        topics.add(new TopicPermission(
                Exchange.TOPIC,
                exactly(destinations.stream()
                        .filter(d -> d instanceof DestinationAddress.ToTopic)
                        .map(DestinationAddress::routingKey)
                        .toList()),
                NOTHING));
        String writable =
                topics.stream().map(t -> literal(t.exchange().exchangeName())).collect(Collectors.joining("|"));
        return new BrokerPermissions(
                NOTHING, "^(" + writable + ")$", exactly(queues.invocationQueues()), List.copyOf(topics));
    }

    /** A kfn service's own identity (operator, gateway): the whole vhost, which it shares with no function. */
    public static BrokerPermissions forService() {
        return new BrokerPermissions(EVERYTHING, EVERYTHING, EVERYTHING, List.of());
    }

    /** Names are DNS labels joined by dots: the dot is the only character a regex reads differently. */
    private static String literal(String name) {
        return name.replace(".", "\\.");
    }

    /** A regex matching exactly the given names, or nothing when there are none. */
    private static String exactly(List<String> names) {
        if (names.isEmpty()) {
            return NOTHING;
        }
        return "^(" + names.stream().map(BrokerPermissions::literal).collect(Collectors.joining("|")) + ")$";
    }
}
