package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.kfn.contract.FunctionId;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A serverless function: code, limits and triggers; kfn runs it as a Deployment fed by broker queues. */
@Group(Function.GROUP)
@Version(Function.VERSION)
@Kind("Function")
@Singular("function")
@Plural("functions")
@ShortNames("fn")
@AdditionalPrinterColumn(
        name = "Ready",
        type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
        name = "Reason",
        type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(name = "Replicas", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.replicas")
@AdditionalPrinterColumn(
        name = "Desired",
        type = AdditionalPrinterColumn.Type.INTEGER,
        jsonPath = ".status.desiredReplicas")
@AdditionalPrinterColumn(name = "Runtime", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.runtime")
@AdditionalPrinterColumn(
        name = "Memory",
        type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".spec.memory",
        priority = 1)
@AdditionalPrinterColumn(
        name = "Endpoint",
        type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.endpoint",
        priority = 1)
@AdditionalPrinterColumn(
        name = "URL",
        type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.url",
        priority = 1)
@AdditionalPrinterColumn(
        name = "Age",
        type = AdditionalPrinterColumn.Type.DATE,
        jsonPath = ".metadata.creationTimestamp")
public class Function extends CustomResource<FunctionSpec, FunctionStatus> implements Namespaced {

    public static final String GROUP = "kfn.dev";
    public static final String VERSION = "v1alpha1";

    /** The function's identity on the broker and in every other kfn part. */
    @JsonIgnore
    public FunctionId id() {
        return new FunctionId(getMetadata().getNamespace(), getMetadata().getName());
    }
}
