package dev.kfn.gateway.stream;

import dev.kfn.contract.StreamTopology;
import dev.kfn.gateway.InvokeException;
import dev.kfn.gateway.auth.Authorizer;
import dev.kfn.gateway.auth.Credentials;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A put as both put APIs (kfn's and Kinesis's) make it: the caller authorized as for invoking the namespace's
 * functions, the stream looked up, the records read, then stored and confirmed by the broker.
 */
@ApplicationScoped
public class StreamPutter {

    private static final Logger LOG = Logger.getLogger(StreamPutter.class);

    private final StreamCatalog streams;
    private final StreamProducer producer;
    private final Authorizer authorizer;

    public StreamPutter(StreamCatalog streams, StreamProducer producer, Authorizer authorizer) {
        this.streams = streams;
        this.producer = producer;
        this.authorizer = authorizer;
    }

    /** The records put, and the partition of each, in order. */
    public record Stored(StreamPut put, List<Integer> partitions) {}

    /**
     * The records and their partitions once the broker holds them all. The records are read only once the
     * stream is known, so a bad body to a missing stream is a missing stream.
     *
     * @param records reads the body; its {@link IllegalArgumentException} is an invalid argument
     * @throws StreamPutException for a refusal
     */
    public Stored put(String namespace, String name, Credentials credentials, Supplier<StreamPut> records) {
        if (!streams.synced()) {
            throw new StreamPutException(
                    503, StreamPutException.UNAVAILABLE, "The gateway has not loaded the streams yet; try again");
        }
        try {
            authorizer.authorizePublish(namespace, name, Optional.empty(), credentials);
        } catch (InvokeException e) {
            throw new StreamPutException(
                    e.error().status(),
                    StreamPutException.ACCESS_DENIED,
                    e.error().message());
        }
        StreamTopology stream = streams.find(namespace, name)
                .orElseThrow(() -> new StreamPutException(
                        404, StreamPutException.NOT_FOUND, "Stream " + namespace + "/" + name + " does not exist"));
        StreamPut put;
        try {
            put = records.get();
        } catch (IllegalArgumentException e) {
            throw StreamPutException.invalid(e.getMessage());
        }
        try {
            return new Stored(put, producer.put(stream, put.records()));
        } catch (IOException | TimeoutException | RuntimeException e) {
            LOG.warnf(e, "Records for stream %s/%s not stored", namespace, name);
            throw new StreamPutException(
                    503, StreamPutException.UNAVAILABLE, "The broker did not take the records; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamPutException(503, StreamPutException.UNAVAILABLE, "Interrupted");
        }
    }
}
