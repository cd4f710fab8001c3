package dev.kfn.gateway.stream;

import dev.kfn.contract.StreamTopology;
import dev.kfn.gateway.auth.Credentials;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts records into a Stream: {@code POST /streams/<namespace>/<stream>} (not {@code name}: that path parameter
 * is an invocation's, which {@link dev.kfn.gateway.AdmissionBeforeTheBody} admits) with one record or {@code {"records": […]}},
 * answered once the broker holds them with each record's {@code shardId}, as Kinesis's PutRecord and PutRecords name
 * it. Who may put is who may invoke the namespace's functions, as for topics. A record's sequence number is its
 * offset in the partition, given by the broker as it stores the record; the broker does not tell publishers, so the
 * function reads it in its event rather than the producer in this answer. Kinesis's own wire format is
 * {@link KinesisResource}'s.
 */
@Path("/streams")
public class StreamResource {

    private final StreamPutter putter;

    public StreamResource(StreamPutter putter) {
        this.putter = putter;
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
        StreamPutter.Stored stored;
        try {
            stored = putter.put(
                    namespace,
                    name,
                    Credentials.of(apiKey, authorization),
                    () -> StreamPut.read(body == null ? new byte[0] : body));
        } catch (StreamPutException e) {
            return error(e);
        }
        List<Map<String, Object>> answers = new ArrayList<>();
        for (int partition : stored.partitions()) {
            answers.add(Map.of("shardId", StreamTopology.shardId(partition)));
        }
        Object entity = stored.put().batch() ? Map.of("failedRecordCount", 0, "records", answers) : answers.get(0);
        return Response.ok(entity, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Response error(StreamPutException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("__type", e.type());
        body.put("message", e.getMessage());
        return Response.status(e.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body)
                .build();
    }
}
