package dev.kfn.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A named, partitioned, ordered stream of a namespace, as a Kinesis data stream: producers put records with a
 * partition key, and every Function with a {@code stream} trigger on it reads each partition in order. A resource of
 * its own because several producers and consumer Functions share it and it outlives any one of them.
 */
@Group(Function.GROUP)
@Version(Function.VERSION)
@Kind("Stream")
@Singular("stream")
@Plural("streams")
@AdditionalPrinterColumn(
        name = "Partitions",
        type = AdditionalPrinterColumn.Type.INTEGER,
        jsonPath = ".spec.partitions")
@AdditionalPrinterColumn(
        name = "Age",
        type = AdditionalPrinterColumn.Type.DATE,
        jsonPath = ".metadata.creationTimestamp")
public class Stream extends CustomResource<StreamSpec, Void> implements Namespaced {}
