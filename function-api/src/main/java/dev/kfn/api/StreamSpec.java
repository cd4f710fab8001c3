package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** How many partitions a stream has and how long its records are kept. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StreamSpec {

    public static final int PARTITIONS_DEFAULT = 4;
    public static final int PARTITIONS_MAX = 64;

    @Default("4")
    @Min(1)
    @Max(PARTITIONS_MAX)
    @JsonPropertyDescription("Partitions (Kinesis shards), 1 to 64: records of one partition key keep their order in"
            + " one partition. Fixed once the stream has records.")
    private Integer partitions = PARTITIONS_DEFAULT;

    @Pattern(Bounds.DURATION_PATTERN)
    @JsonPropertyDescription(
            "Records older than this are dropped, a whole segment at a time; unset: kept until" + " maxBytes.")
    private String maxAge;

    @Min(1)
    @JsonPropertyDescription("Most bytes kept per partition; the oldest segments go first. Unset: no bound.")
    private Long maxBytes;

    @Min(1)
    @JsonPropertyDescription("Size of the files a partition is kept in (default: the broker's, 500 MB). Retention"
            + " drops whole files, the oldest first, and only once a newer one has started: with maxBytes or maxAge"
            + " well below it, records stay until a file fills. Fixed once the stream exists.")
    private Long segmentBytes;

    public Integer getPartitions() {
        return partitions;
    }

    public void setPartitions(Integer partitions) {
        this.partitions = partitions;
    }

    public String getMaxAge() {
        return maxAge;
    }

    public void setMaxAge(String maxAge) {
        this.maxAge = maxAge;
    }

    public Long getMaxBytes() {
        return maxBytes;
    }

    public void setMaxBytes(Long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public Long getSegmentBytes() {
        return segmentBytes;
    }

    public void setSegmentBytes(Long segmentBytes) {
        this.segmentBytes = segmentBytes;
    }
}
