package dev.kfn.local;

import com.fasterxml.jackson.databind.JsonMappingException;
import dev.kfn.api.Function;
import dev.kfn.api.Stream;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * One manifest file as kfn local reads it: its Function and Stream documents, and the other kinds it skips. A file
 * with any document that cannot become a Function (or Stream) is refused whole, with the line and field at fault, so a half-saved edit
 * never deletes the Functions the file held before.
 */
final class ManifestFile {

    record Contents(List<Function> functions, List<Stream> streams, List<String> skipped) {}

    private ManifestFile() {}

    static Contents read(Path file, KubernetesSerialization serialization)
            throws IOException, InvalidManifestException {
        String text = Files.readString(file);
        LoadSettings settings =
                LoadSettings.builder().setLabel(file.getFileName().toString()).build();
        List<Node> documents = new ArrayList<>();
        try {
            new Compose(settings).composeAllFromString(text).forEach(documents::add);
        } catch (MarkedYamlEngineException e) {
            throw new InvalidManifestException(at(e.getProblemMark()) + e.getProblem());
        } catch (YamlEngineException e) {
            throw new InvalidManifestException(e.getMessage());
        }
        List<Function> functions = new ArrayList<>();
        List<Stream> streams = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Node document : documents) {
            Object value = new StandardConstructor(settings).constructSingleDocument(Optional.of(document));
            if (value == null) {
                continue;
            }
            if (!(value instanceof Map<?, ?> object)
                    || !(object.get("apiVersion") instanceof String apiVersion)
                    || !(object.get("kind") instanceof String kind)) {
                throw new InvalidManifestException(at(document.getStartMark())
                        + "not a Kubernetes object: a document needs apiVersion, kind and metadata");
            }
            String name =
                    object.get("metadata") instanceof Map<?, ?> metadata && metadata.get("name") instanceof String n
                            ? n
                            : null;
            if (apiVersion.startsWith(Function.GROUP + "/") && kind.equals("Stream") && name != null) {
                streams.add(convert(object, document, serialization, Stream.class));
                continue;
            }
            if (!apiVersion.startsWith(Function.GROUP + "/") || !kind.equals("Function")) {
                skipped.add(kind + " " + name);
                continue;
            }
            if (name == null || name.isBlank()) {
                throw new InvalidManifestException(
                        at(document.getStartMark()) + "metadata.name: a Function needs a name");
            }
            functions.add(convert(object, document, serialization, Function.class));
        }
        return new Contents(functions, streams, skipped);
    }

    private static <T> T convert(Map<?, ?> object, Node document, KubernetesSerialization serialization, Class<T> type)
            throws InvalidManifestException {
        try {
            return serialization.convertValue(object, type);
        } catch (IllegalArgumentException e) {
            if (!(e.getCause() instanceof JsonMappingException mapping)) {
                throw new InvalidManifestException(at(document.getStartMark()) + e.getMessage());
            }
            List<Object> path = mapping.getPath().stream()
                    .map(reference ->
                            reference.getFieldName() != null ? (Object) reference.getFieldName() : reference.getIndex())
                    .toList();
            String field = path.stream()
                    .map(step -> step instanceof Integer index ? "[" + index + "]" : "." + step)
                    .collect(Collectors.joining())
                    .replaceFirst("^\\.", "");
            throw new InvalidManifestException(
                    at(nodeAt(document, path).getStartMark()) + field + ": " + mapping.getOriginalMessage());
        }
    }

    /** The deepest node the path reaches in the document, for the line to report. */
    private static Node nodeAt(Node document, List<Object> path) {
        Node node = document;
        for (Object step : path) {
            Optional<Node> next = Optional.empty();
            if (node instanceof MappingNode mapping && step instanceof String field) {
                next = mapping.getValue().stream()
                        .filter(tuple -> tuple.getKeyNode() instanceof ScalarNode key
                                && key.getValue().equals(field))
                        .map(NodeTuple::getValueNode)
                        .findFirst();
            } else if (node instanceof SequenceNode sequence
                    && step instanceof Integer index
                    && index < sequence.getValue().size()) {
                next = Optional.of(sequence.getValue().get(index));
            }
            if (next.isEmpty()) {
                return node;
            }
            node = next.get();
        }
        return node;
    }

    private static String at(Optional<Mark> mark) {
        return mark.map(m -> "line " + (m.getLine() + 1) + ": ").orElse("");
    }
}
