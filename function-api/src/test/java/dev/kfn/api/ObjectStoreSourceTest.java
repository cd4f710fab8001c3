package dev.kfn.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectStoreSourceTest {

    private static ObjectStoreTrigger trigger(String bucket, List<String> events, String prefix, String suffix) {
        ObjectStoreTrigger trigger = new ObjectStoreTrigger();
        trigger.setBucket(bucket);
        trigger.setEvents(events);
        trigger.setPrefix(prefix);
        trigger.setSuffix(suffix);
        return trigger;
    }

    @Test
    void wildcardsCoverTheLastPartWrittenEitherWay() {
        assertThat(S3EventNames.covers("s3:ObjectCreated:*", "ObjectCreated:Put"))
                .isTrue();
        assertThat(S3EventNames.covers("s3:ObjectCreated:*", "s3:ObjectCreated:CompleteMultipartUpload"))
                .isTrue();
        assertThat(S3EventNames.covers("s3:ObjectCreated:Put", "ObjectCreated:Put"))
                .isTrue();
        assertThat(S3EventNames.covers("s3:ObjectCreated:Put", "ObjectCreated:Post"))
                .isFalse();
        assertThat(S3EventNames.covers("s3:ObjectCreated:*", "ObjectRemoved:Delete"))
                .isFalse();
        assertThat(S3EventNames.covers("s3:ObjectRemoved:*", "ObjectRemoved:DeleteMarkerCreated"))
                .isTrue();
    }

    @Test
    void filtersByBucketEventPrefixAndSuffixOfTheDecodedKey() {
        ObjectStoreSource images =
                ObjectStoreSource.read(0, trigger("photos", List.of("s3:ObjectCreated:*"), "uploads/", ".jpg"));
        assertThat(images.matches("photos", "ObjectCreated:Put", "uploads/red flower.jpg"))
                .isTrue();
        assertThat(images.matches("photos", "ObjectRemoved:Delete", "uploads/red flower.jpg"))
                .isFalse();
        assertThat(images.matches("videos", "ObjectCreated:Put", "uploads/red flower.jpg"))
                .isFalse();
        assertThat(images.matches("photos", "ObjectCreated:Put", "raw/red flower.jpg"))
                .isFalse();
        assertThat(images.matches("photos", "ObjectCreated:Put", "uploads/red flower.png"))
                .isFalse();
        ObjectStoreSource everything = ObjectStoreSource.read(0, trigger("photos", null, null, null));
        assertThat(everything.matches("photos", "ObjectRemoved:Delete", "any")).isTrue();
    }

    @Test
    void anEventThatIsNotAnS3EventTypeIsNamedByItsPlace() {
        assertThatThrownBy(() -> ObjectStoreSource.read(
                        2, trigger("photos", List.of("s3:ObjectCreated:*", "s3:ObjectMade:*"), null, null)))
                .hasMessageStartingWith(
                        "spec.triggers[2].objectStore.events[1]: s3:ObjectMade:* is not an S3 event" + " type");
        assertThatThrownBy(() -> ObjectStoreSource.read(0, trigger("photos", List.of("ObjectCreated:Put"), null, null)))
                .hasMessageStartingWith("spec.triggers[0].objectStore.events[0]");
    }

    @Test
    void bucketNamesFollowS3sRules() {
        for (String bad : List.of("ab", "Photos", "photos_", "-photos", "photos-", "a..b", "a.-b", "192.168.5.4")) {
            assertThatThrownBy(() -> ObjectStoreSource.read(1, trigger(bad, null, null, null)))
                    .as(bad)
                    .hasMessageStartingWith("spec.triggers[1].objectStore.bucket: " + bad + " is not a bucket name");
        }
        assertThatThrownBy(() -> ObjectStoreSource.read(1, trigger(null, null, null, null)))
                .hasMessageStartingWith("spec.triggers[1].objectStore.bucket: name the bucket");
        assertThat(ObjectStoreSource.read(0, trigger("my.photos-2026", null, null, null))
                        .bucket())
                .isEqualTo("my.photos-2026");
        assertThatThrownBy(() -> ObjectStoreSource.read(0, trigger("photos", null, "p".repeat(1025), null)))
                .hasMessageStartingWith("spec.triggers[0].objectStore.prefix");
    }
}
