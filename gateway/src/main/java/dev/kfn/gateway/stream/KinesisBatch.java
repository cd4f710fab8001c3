package dev.kfn.gateway.stream;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.kfn.api.StreamSource;
import dev.kfn.contract.StreamTopology;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Date;
import java.util.List;

/**
 * A partition's batch as Lambda's Kinesis event, built on Lambda's own model and written by Lambda's own serializer,
 * so every field is named and formatted as a Kinesis event source mapping writes it (data in base64, arrival in epoch
 * seconds). Pure.
 */
public final class KinesisBatch {

    private static final PojoSerializer<KinesisEvent> SERIALIZER =
            LambdaEventSerializers.serializerFor(KinesisEvent.class, KinesisBatch.class.getClassLoader());

    private KinesisBatch() {}

    /** {@code arn:aws:kinesis:<region>:<namespace>:stream/<name>}: kfn's ARNs put the namespace in the account. */
    public static String streamArn(String region, String namespace, String stream) {
        return "arn:aws:kinesis:" + region + ":" + namespace + ":stream/" + stream;
    }

    public static byte[] of(List<StreamRecord> batch, StreamSource source, int partition, String region) {
        String arn = streamArn(region, source.function().namespace(), source.stream());
        KinesisEvent event = new KinesisEvent();
        event.setRecords(batch.stream()
                .map(record -> record(record, partition, arn, region))
                .toList());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SERIALIZER.toJson(event, out);
        return out.toByteArray();
    }

    private static KinesisEvent.KinesisEventRecord record(
            StreamRecord record, int partition, String arn, String region) {
        KinesisEvent.Record kinesis = new KinesisEvent.Record();
        kinesis.setKinesisSchemaVersion("1.0");
        kinesis.setPartitionKey(record.partitionKey());
        kinesis.setSequenceNumber(record.sequenceNumber());
        kinesis.setData(ByteBuffer.wrap(record.data()));
        kinesis.setApproximateArrivalTimestamp(Date.from(record.arrival()));
        KinesisEvent.KinesisEventRecord event = new KinesisEvent.KinesisEventRecord();
        event.setKinesis(kinesis);
        event.setEventSource("aws:kinesis");
        event.setEventVersion("1.0");
        event.setEventID(StreamTopology.shardId(partition) + ":" + record.sequenceNumber());
        event.setEventName("aws:kinesis:record");
        event.setEventSourceARN(arn);
        event.setAwsRegion(region);
        return event;
    }
}
