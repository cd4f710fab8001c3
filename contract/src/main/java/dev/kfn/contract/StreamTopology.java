package dev.kfn.contract;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One Stream on the broker: a stream queue per partition, bound to a consistent-hash exchange whose hash input is
 * the routing key (the partition key), for producers that publish to the broker themselves. The gateway picks the
 * partition with Kinesis's own rule instead ({@link #partitionOf}: the MD5 of the key in equal hash-key ranges) so it
 * can tell a producer the shard; a key keeps its order as long as its producers use one of the two paths.
 * Declaration is idempotent for the same spec.
 */
public record StreamTopology(
        String namespace,
        String stream,
        int partitions,
        Optional<String> maxAge,
        OptionalLong maxBytes,
        OptionalLong segmentBytes) {

    public static final String CONSISTENT_HASH = "x-consistent-hash";
    /** Set by the gateway on every record it puts: when it arrived, in epoch milliseconds. */
    public static final String ARRIVAL_HEADER = "kfn-arrival";

    public static final String PARTITION_KEY_HEADER = "kfn-partition-key";
    /** What the broker tells a stream consumer: the record's offset in its partition. */
    public static final String OFFSET_HEADER = "x-stream-offset";

    private static final BigInteger HASH_KEYS = BigInteger.ONE.shiftLeft(128);

    public String exchange() {
        return QueueNames.PREFIX + "stream." + namespace + "." + stream;
    }

    public String partition(int partition) {
        return exchange() + "." + partition;
    }

    /** Kinesis's shard name, {@code shardId-000000000003}. */
    public static String shardId(int partition) {
        return String.format("shardId-%012d", partition);
    }

    /** The durable queue holding the last offset a trigger finished in a partition. */
    public String checkpoint(FunctionId function, int trigger, int partition) {
        return QueueNames.PREFIX + "stream-checkpoint." + function.namespace() + "." + function.name() + "." + trigger
                + "." + stream + "." + partition;
    }

    /**
     * The exclusive queue one poller holds while it reads a partition for a trigger: the broker lets one connection
     * have it, and frees it when that connection goes, so one reader at a time across the gateway's replicas.
     */
    public String lease(FunctionId function, int trigger, int partition) {
        return QueueNames.PREFIX + "stream-lease." + function.namespace() + "." + function.name() + "." + trigger + "."
                + stream + "." + partition;
    }

    /** Kinesis's rule: the key's MD5 as a 128-bit number, the hash-key space split evenly among the partitions. */
    public int partitionOf(String partitionKey) {
        try {
            BigInteger hash = new BigInteger(
                    1, MessageDigest.getInstance("MD5").digest(partitionKey.getBytes(StandardCharsets.UTF_8)));
            return hash.multiply(BigInteger.valueOf(partitions))
                    .divide(HASH_KEYS)
                    .intValueExact();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Map<String, Object> partitionArguments() {
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("x-queue-type", "stream");
        maxAge.ifPresent(age -> arguments.put("x-max-age", age));
        maxBytes.ifPresent(bytes -> arguments.put("x-max-length-bytes", bytes));
        // retention drops whole segments, so their size is how closely it holds to maxBytes and maxAge
        segmentBytes.ifPresent(bytes -> arguments.put("x-stream-max-segment-size-bytes", bytes));
        return arguments;
    }

    public void declare(Channel channel) throws IOException {
        channel.exchangeDeclare(exchange(), CONSISTENT_HASH, true);
        for (int p = 0; p < partitions; p++) {
            channel.queueDeclare(partition(p), true, false, false, partitionArguments());
            // the binding key is the partition's weight on the hash ring: equal shares
            channel.queueBind(partition(p), exchange(), "1");
        }
    }
}
