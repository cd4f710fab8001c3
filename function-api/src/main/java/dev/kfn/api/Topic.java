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
 * A named topic of a namespace, as an SNS topic: messages published to it (the gateway's topic API, SNS's
 * {@code Publish}, a function's topic destination) reach every Function subscribed with a {@code topic} trigger.
 * Declared so that publishing to a misspelt name, or subscribing to one, is an error rather than silence.
 */
@Group(Function.GROUP)
@Version(Function.VERSION)
@Kind("Topic")
@Singular("topic")
@Plural("topics")
@AdditionalPrinterColumn(
        name = "Display Name",
        type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".spec.displayName")
@AdditionalPrinterColumn(
        name = "Age",
        type = AdditionalPrinterColumn.Type.DATE,
        jsonPath = ".metadata.creationTimestamp")
public class Topic extends CustomResource<TopicSpec, Void> implements Namespaced {}
