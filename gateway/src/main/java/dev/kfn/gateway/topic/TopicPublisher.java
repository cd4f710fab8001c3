package dev.kfn.gateway.topic;

import dev.kfn.api.Topic;
import dev.kfn.contract.DestinationAddress;
import dev.kfn.contract.TopicArn;
import dev.kfn.gateway.FunctionAdmission;
import dev.kfn.gateway.FunctionCatalog;
import dev.kfn.gateway.GatewayConfig;
import dev.kfn.gateway.InvokeException;
import dev.kfn.gateway.auth.Authorizer;
import dev.kfn.gateway.auth.Credentials;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes one message to a topic for either publish API: the caller authorized as for invoking the namespace's
 * functions (a Topic may ask for its own policy with the {@value FunctionAdmission#AUTH_ANNOTATION} annotation),
 * the topic looked up, SNS's rules checked, and a copy fanned out to every subscription whose filter policy takes it.
 */
@ApplicationScoped
public class TopicPublisher {

    private final TopicCatalog topics;
    private final FunctionCatalog functions;
    private final Authorizer authorizer;
    private final FanOut fanOut;
    private final GatewayConfig config;

    public TopicPublisher(
            TopicCatalog topics,
            FunctionCatalog functions,
            Authorizer authorizer,
            FanOut fanOut,
            GatewayConfig config) {
        this.topics = topics;
        this.functions = functions;
        this.authorizer = authorizer;
        this.fanOut = fanOut;
        this.config = config;
    }

    /** Completes with the message id once every copy is confirmed; fails with a {@link TopicException}. */
    public CompletableFuture<String> publish(PublishRequest request, Credentials credentials) {
        if (!topics.synced() || !functions.synced()) {
            throw TopicException.unavailable("The gateway has not loaded the topics and functions yet; try again");
        }
        TopicArn arn = new TopicArn(config.region(), request.namespace(), request.topic());
        Optional<Topic> topic = topics.find(request.namespace(), request.topic());
        try {
            authorizer.authorizePublish(
                    request.namespace(),
                    request.topic(),
                    topic.map(t -> t.getMetadata().getAnnotations())
                            .map(annotations -> annotations.get(FunctionAdmission.AUTH_ANNOTATION)),
                    credentials);
        } catch (InvokeException e) {
            throw new TopicException(
                    e.error().status(),
                    TopicException.AUTHORIZATION_ERROR,
                    e.error().message());
        }
        if (topic.isEmpty()) {
            throw TopicException.notFound("Topic does not exist: " + arn);
        }
        PublishRules.check(request);
        return fanOut(request, arn);
    }

    /**
     * A function's destination record for a Topic of the function's own namespace, from the
     * {@link TopicDestinationIntake}: no caller to authorize (the function's broker identity may publish only the
     * topics its spec declares), the record JSON as the message with no subject and no attributes, as Lambda
     * publishes to an SNS destination, and not held to SNS's 256 KB: the record is the platform's, not a caller's.
     * Completes with the message id once every copy is confirmed, or empty when the topic does not exist.
     */
    public CompletableFuture<Optional<String>> publishRecord(DestinationAddress.ToTopic destination, String record) {
        if (!topics.synced() || !functions.synced()) {
            return CompletableFuture.failedFuture(
                    TopicException.unavailable("The gateway has not loaded the topics and functions yet"));
        }
        if (topics.find(destination.namespace(), destination.topic()).isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        PublishRequest request =
                new PublishRequest(destination.namespace(), destination.topic(), record, Optional.empty(), Map.of());
        try {
            return fanOut(request, new TopicArn(config.region(), destination.namespace(), destination.topic()))
                    .thenApply(Optional::of);
        } catch (TopicException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<String> fanOut(PublishRequest request, TopicArn arn) {
        String messageId = UUID.randomUUID().toString();
        SnsNotification.Published published = new SnsNotification.Published(messageId, arn, request, Instant.now());
        return fanOut.deliver(published, Subscriber.matching(functions.all(), request))
                .thenApply(confirmed -> messageId);
    }
}
