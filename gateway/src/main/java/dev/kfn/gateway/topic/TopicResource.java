package dev.kfn.gateway.topic;

import dev.kfn.gateway.AccountNamespaces;
import dev.kfn.gateway.GatewayConfig;
import dev.kfn.gateway.LambdaErrorResponse;
import dev.kfn.gateway.auth.Credentials;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * The two ways to publish to a topic: kfn's JSON API, {@code POST /topics/<namespace>/<topic>}, answering
 * {@code {"MessageId": …}} or an error as JSON; and SNS's Query API at the root, {@code Action=Publish}, answering
 * in SNS's XML, so the AWS SDKs' SNS clients and the AWS CLI publish with only their endpoint changed. Either answers
 * once every subscriber's copy is confirmed by the broker.
 */
@Path("/")
public class TopicResource {

    public static final String REQUEST_ID_HEADER = "x-amzn-RequestId";

    private static final Logger LOG = Logger.getLogger(TopicResource.class);

    private final TopicPublisher publisher;
    private final AccountNamespaces namespaces;

    public TopicResource(TopicPublisher publisher, GatewayConfig config) {
        this.publisher = publisher;
        this.namespaces = AccountNamespaces.of(config);
    }

    @POST
    @Path("topics/{namespace}/{topic}")
    @Blocking
    public CompletionStage<Response> publish(
            @PathParam("namespace") String namespace,
            @PathParam("topic") String topic,
            @HeaderParam(Credentials.API_KEY_HEADER) String apiKey,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            byte[] body) {
        String requestId = UUID.randomUUID().toString();
        return answer(
                () -> publisher.publish(
                        PublishBody.read(namespace, topic, body == null ? new byte[0] : body),
                        Credentials.of(apiKey, authorization)),
                requestId,
                (messageId, error) -> error == null
                        ? Response.ok(Map.of("MessageId", messageId), MediaType.APPLICATION_JSON_TYPE)
                                .build()
                        : Response.status(error.status())
                                .type(MediaType.APPLICATION_JSON_TYPE)
                                .header(LambdaErrorResponse.ERROR_TYPE_HEADER, error.code())
                                .entity(Map.of(
                                        "Type", error.type(),
                                        "Code", error.code(),
                                        "Message", error.getMessage(),
                                        "message", error.getMessage()))
                                .build());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Blocking
    public CompletionStage<Response> query(
            @HeaderParam(Credentials.API_KEY_HEADER) String apiKey,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            byte[] body) {
        String requestId = UUID.randomUUID().toString();
        return answer(
                () -> publisher.publish(
                        SnsQuery.read(
                                SnsQuery.form(body == null ? "" : new String(body, StandardCharsets.UTF_8)),
                                namespaces),
                        Credentials.of(apiKey, authorization)),
                requestId,
                (messageId, error) -> Response.status(error == null ? 200 : error.status())
                        .type(MediaType.TEXT_XML_TYPE)
                        .entity(error == null ? SnsXml.published(messageId, requestId) : SnsXml.error(error, requestId))
                        .build());
    }

    private interface Publish {
        CompletableFuture<String> start();
    }

    private static CompletionStage<Response> answer(
            Publish publish, String requestId, BiFunction<String, TopicException, Response> respond) {
        CompletableFuture<String> published;
        try {
            published = publish.start();
        } catch (RuntimeException e) {
            published = CompletableFuture.failedFuture(e);
        }
        return published.handle((messageId, failure) -> {
            Response response = respond.apply(messageId, failure == null ? null : topicError(failure));
            return Response.fromResponse(response)
                    .header(REQUEST_ID_HEADER, requestId)
                    .build();
        });
    }

    private static TopicException topicError(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TopicException topic) {
            return topic;
        }
        LOG.error("Publishing failed unexpectedly", cause);
        return new TopicException(
                500,
                TopicException.INTERNAL_ERROR,
                "Internal error: " + cause.getClass().getSimpleName());
    }
}
