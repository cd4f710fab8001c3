package dev.kfn.gateway.stream;

import dev.kfn.contract.StreamTopology;
import dev.kfn.gateway.AccountNamespaces;
import dev.kfn.gateway.GatewayConfig;
import dev.kfn.gateway.LambdaErrorResponse;
import dev.kfn.gateway.auth.Credentials;
import dev.kfn.gateway.topic.TopicResource;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Kinesis's PutRecord and PutRecords as the AWS SDKs send them (a POST to the endpoint with {@code X-Amz-Target},
 * in AWS JSON 1.1 or CBOR), so a Kinesis client puts into a Stream with only its endpoint changed: to the gateway's
 * root, naming streams of the default namespace or by ARN, or to {@code /kinesis/<namespace>}. The put is kfn's own
 * ({@link StreamPutter}). The answer names each record's shard but no sequence number: the broker does not tell it
 * to a publisher. Kinesis answers every refusal of the caller's with 400; the SDKs read the error's name from
 * {@code __type}.
 */
@Path("/")
public class KinesisResource {

    private final StreamPutter putter;
    private final AccountNamespaces namespaces;

    public KinesisResource(StreamPutter putter, GatewayConfig config) {
        this.putter = putter;
        this.namespaces = AccountNamespaces.of(config);
    }

    @POST
    @Consumes({"application/x-amz-json-1.1", "application/x-amz-cbor-1.1"})
    @Blocking
    public Response put(
            @HeaderParam("X-Amz-Target") String target,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(Credentials.API_KEY_HEADER) String apiKey,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            byte[] body) {
        return answer(Optional.empty(), target, contentType, Credentials.of(apiKey, authorization), body);
    }

    @POST
    @Path("kinesis/{namespace}")
    @Consumes({"application/x-amz-json-1.1", "application/x-amz-cbor-1.1"})
    @Blocking
    public Response putInNamespace(
            @PathParam("namespace") String namespace,
            @HeaderParam("X-Amz-Target") String target,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(Credentials.API_KEY_HEADER) String apiKey,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            byte[] body) {
        return answer(Optional.of(namespace), target, contentType, Credentials.of(apiKey, authorization), body);
    }

    private Response answer(
            Optional<String> namespace, String target, String contentType, Credentials credentials, byte[] body) {
        KinesisWire wire = KinesisWire.of(contentType);
        Response.ResponseBuilder response;
        try {
            KinesisRequest request;
            try {
                request = KinesisRequest.read(
                        target, wire.read(body == null ? new byte[0] : body), namespace, namespaces);
            } catch (IllegalArgumentException e) {
                throw StreamPutException.invalid(e.getMessage());
            }
            StreamPutter.Stored stored =
                    putter.put(request.namespace(), request.stream(), credentials, request::records);
            List<Map<String, Object>> records = new ArrayList<>();
            for (int partition : stored.partitions()) {
                records.add(Map.of("ShardId", StreamTopology.shardId(partition)));
            }
            Object entity = request.action() == KinesisRequest.Action.PUT_RECORDS
                    ? Map.of("FailedRecordCount", 0, "Records", records)
                    : records.get(0);
            response = Response.ok(wire.write(entity));
        } catch (StreamPutException e) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("__type", e.type());
            error.put("message", e.getMessage());
            response = Response.status(e.status() < 500 ? 400 : e.status())
                    .header(LambdaErrorResponse.ERROR_TYPE_HEADER, e.type())
                    .entity(wire.write(error));
        }
        return response.type(wire.contentType())
                .header(TopicResource.REQUEST_ID_HEADER, UUID.randomUUID().toString())
                .build();
    }
}
