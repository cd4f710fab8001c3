package dev.kfn.gateway.stream;

import dev.kfn.contract.StreamTopology;
import dev.kfn.gateway.InvokeException;
import dev.kfn.gateway.auth.Authorizer;
import dev.kfn.gateway.auth.Credentials;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Puts records into a Stream: {@code POST /streams/<namespace>/<stream>} (not {@code name}: that path parameter
 * is an invocation's, which {@link dev.kfn.gateway.AdmissionBeforeTheBody} admits) with one record or {@code {"records": […]}},
 * answered once the broker holds them with each record's {@code shardId}, as Kinesis's PutRecord and PutRecords name
 * it. Who may put is who may invoke the namespace's functions, as for topics. A record's sequence number is its
 * offset in the partition, given by the broker as it stores the record; the broker does not tell publishers, so the
 * function reads it in its event rather than the producer in this answer.
 */
@Path("/streams")
public class StreamResource {

    private static final Logger LOG = Logger.getLogger(StreamResource.class);

    private final StreamCatalog streams;
    private final StreamProducer producer;
    private final Authorizer authorizer;

    public StreamResource(StreamCatalog streams, StreamProducer producer, Authorizer authorizer) {
        this.streams = streams;
        this.producer = producer;
        this.authorizer = authorizer;
    }

    @POST
    @Path("{namespace}/{stream}")
    @Blocking
    public Response put(
            @PathParam("namespace") String namespace,
            @PathParam("stream") String name,
            @HeaderParam(Credentials.API_KEY_HEADER) String apiKey,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            byte[] body) {
        if (!streams.synced()) {
            return error(503, "ServiceUnavailableException", "The gateway has not loaded the streams yet; try again");
        }
        try {
            authorizer.authorizePublish(namespace, name, Optional.empty(), Credentials.of(apiKey, authorization));
        } catch (InvokeException e) {
            return error(e.error().status(), "AccessDeniedException", e.error().message());
        }
        Optional<StreamTopology> stream = streams.find(namespace, name);
        if (stream.isEmpty()) {
            return error(404, "ResourceNotFoundException", "Stream " + namespace + "/" + name + " does not exist");
        }
        StreamPut put;
        try {
            put = StreamPut.read(body == null ? new byte[0] : body);
        } catch (IllegalArgumentException e) {
            return error(400, "InvalidArgumentException", e.getMessage());
        }
        List<Integer> partitions;
        try {
            partitions = producer.put(stream.get(), put.records());
        } catch (IOException | TimeoutException | RuntimeException e) {
            LOG.warnf(e, "Records for stream %s/%s not stored", namespace, name);
            return error(503, "ServiceUnavailableException", "The broker did not take the records; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(503, "ServiceUnavailableException", "Interrupted");
        }
        List<Map<String, Object>> answers = new ArrayList<>();
        for (int partition : partitions) {
            answers.add(Map.of("shardId", StreamTopology.shardId(partition)));
        }
        Object entity = put.batch() ? Map.of("failedRecordCount", 0, "records", answers) : answers.get(0);
        return Response.ok(entity, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Response error(int status, String type, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("__type", type);
        body.put("message", message);
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body)
                .build();
    }
}
