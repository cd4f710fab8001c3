package dev.kfn.gateway.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kfn.testsupport.EventSampleAssert;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotification;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotificationRecord;

/** Each sender's document, normalised, read back by the AWS SDK's own S3 event model. */
class BucketNotificationTest {

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = BucketNotificationTest.class.getResourceAsStream("/object-store/" + name)) {
            return in.readAllBytes();
        }
    }

    private static S3EventNotificationRecord asS3Reads(ObjectEvent event) {
        S3EventNotification read = S3EventNotification.fromJson(new String(event.payload(), StandardCharsets.UTF_8));
        assertThat(read.getRecords()).hasSize(1);
        return read.getRecords().get(0);
    }

    /** {@code kfn events objectStore} prints what a MinIO upload becomes. */
    @Test
    void theSampleEventIsThisBuildersOutput() throws IOException {
        List<ObjectEvent> events = BucketNotification.read(fixture("minio-put.json"), "us-east-1");
        EventSampleAssert.isTheSample(events.get(0).payload(), "objectStore");
    }

    @Test
    void minioEventsBecomeS3sShapeWithTheKeyEncodedAsS3EncodesIt() throws IOException {
        List<ObjectEvent> events = BucketNotification.read(fixture("minio-put.json"), "us-east-1");

        assertThat(events).hasSize(1);
        ObjectEvent event = events.get(0);
        assertThat(event.bucket()).isEqualTo("photos");
        assertThat(event.eventName()).isEqualTo("ObjectCreated:Put");
        assertThat(event.key()).isEqualTo("uploads/red flower.jpg");
        S3EventNotificationRecord record = asS3Reads(event);
        assertThat(record.getEventVersion()).isEqualTo("2.1");
        assertThat(record.getEventSource()).isEqualTo("aws:s3");
        assertThat(record.getEventName()).isEqualTo("ObjectCreated:Put");
        assertThat(record.getAwsRegion()).isEqualTo("us-east-1");
        assertThat(record.getEventTime()).isEqualTo(Instant.parse("2026-12-02T05:21:07.412Z"));
        assertThat(record.getUserIdentity().getPrincipalId()).isEqualTo("minioadmin");
        assertThat(record.getRequestParameters().getSourceIpAddress()).isEqualTo("10.42.0.17");
        assertThat(record.getResponseElements().getXAmzRequestId()).isEqualTo("187D1A6C0C1F2E6B");
        assertThat(record.getS3().getConfigurationId()).isEqualTo("Config");
        assertThat(record.getS3().getBucket().getArn()).isEqualTo("arn:aws:s3:::photos");
        assertThat(record.getS3().getBucket().getOwnerIdentity().getPrincipalId())
                .isEqualTo("minioadmin");
        assertThat(record.getS3().getObject().getKey()).isEqualTo("uploads/red+flower.jpg");
        assertThat(record.getS3().getObject().getUrlDecodedKey()).isEqualTo("uploads/red flower.jpg");
        assertThat(record.getS3().getObject().getSizeAsLong()).isEqualTo(48213L);
        assertThat(record.getS3().getObject().getETag()).isEqualTo("f22d66a7d0dbbc4a7cf1122eeeb1a106");
        assertThat(record.getS3().getObject().getVersionId()).isNull();
        assertThat(record.getS3().getObject().getSequencer()).isEqualTo("187D1A6C0C3A8B21");
    }

    @Test
    void cephRecordsKeepTheirOrderAndTheirRawKeysAreEncoded() throws IOException {
        List<ObjectEvent> events = BucketNotification.read(fixture("ceph-put-and-delete.json"), "us-east-1");

        assertThat(events)
                .extracting(ObjectEvent::eventName)
                .containsExactly("ObjectCreated:Put", "ObjectRemoved:Delete");
        S3EventNotificationRecord put = asS3Reads(events.get(0));
        assertThat(events.get(0).key()).isEqualTo("uploads/summer 2026/beach=1.jpg");
        assertThat(put.getEventSource()).isEqualTo("aws:s3");
        assertThat(put.getAwsRegion()).isEqualTo("zonegroup1");
        assertThat(put.getEventTime()).isEqualTo(Instant.parse("2026-12-02T05:22:35.124Z"));
        assertThat(put.getS3().getObject().getKey()).isEqualTo("uploads/summer+2026/beach%3D1.jpg");
        assertThat(put.getS3().getObject().getUrlDecodedKey()).isEqualTo("uploads/summer 2026/beach=1.jpg");
        assertThat(put.getS3().getObject().getSizeAsLong()).isEqualTo(1024L);
        assertThat(put.getS3().getBucket().getArn()).isEqualTo("arn:aws:s3:::photos");
        assertThat(put.getS3().getObject().getVersionId()).isNull();
        assertThat(put.getS3().getObject().getSequencer()).isEqualTo("F7E6D75DC742D108");
        S3EventNotificationRecord delete = asS3Reads(events.get(1));
        assertThat(delete.getEventName()).isEqualTo("ObjectRemoved:Delete");
        assertThat(delete.getS3().getObject().getETag()).isNull();
    }

    @Test
    void s3sTestEventHoldsNoRecords() throws IOException {
        assertThat(BucketNotification.read(fixture("s3-test-event.json"), "us-east-1"))
                .isEmpty();
    }

    @Test
    void aSenderWithoutASequencerGetsOneThatGrowsWithTime() {
        String record = """
                {"Records":[{"eventSource":"aws:s3","eventTime":"%s","eventName":"ObjectCreated:Put",
                 "s3":{"bucket":{"name":"photos"},"object":{"key":"a.jpg"}}}]}""";
        String earlier = BucketNotification.read(
                        record.formatted("2026-12-02T05:00:00.000Z").getBytes(), "r")
                .get(0)
                .record()
                .path("s3")
                .path("object")
                .path("sequencer")
                .asText();
        String later = BucketNotification.read(
                        record.formatted("2026-12-02T05:00:00.001Z").getBytes(), "r")
                .get(0)
                .record()
                .path("s3")
                .path("object")
                .path("sequencer")
                .asText();
        assertThat(earlier).hasSize(16).isLessThan(later);
    }

    @Test
    void aDocumentThatIsNotANotificationIsRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> BucketNotification.read("not json".getBytes(), "r"))
                .isInstanceOf(MalformedNotification.class)
                .hasMessageStartingWith("The notification is not JSON");
        assertThatThrownBy(() -> BucketNotification.read("{\"records\":[]}".getBytes(), "r"))
                .hasMessage("The notification has no Records array");
        assertThatThrownBy(() -> BucketNotification.read(
                        "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"2026-12-02T05:00:00Z\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{}}}]}"
                                .getBytes(),
                        "r"))
                .hasMessage("Records[0].s3.object.key is required (a string)");
        assertThatThrownBy(() -> BucketNotification.read(
                        "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"yesterday\",\"s3\":{}}]}"
                                .getBytes(),
                        "r"))
                .hasMessage("Records[0].eventTime: yesterday is not an ISO-8601 time");
    }

    @Test
    void tokensArePresentedAsEachSenderCan() {
        assertThat(WebhookToken.presented("Bearer s3cret", null)).contains("s3cret");
        assertThat(WebhookToken.presented("s3cret", null)).contains("s3cret");
        assertThat(WebhookToken.presented(
                        "Basic " + java.util.Base64.getEncoder().encodeToString("ceph:s3cret".getBytes()), null))
                .contains("s3cret");
        assertThat(WebhookToken.presented(null, "s3cret")).contains("s3cret");
        assertThat(WebhookToken.presented("AWS4-HMAC-SHA256 Credential=x", null))
                .isEmpty();
        assertThat(WebhookToken.presented(null, null)).isEmpty();
    }
}
