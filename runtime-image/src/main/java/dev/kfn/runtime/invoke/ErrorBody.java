package dev.kfn.runtime.invoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;

/** Lambda's function-error JSON: {@code {"errorMessage", "errorType", "stackTrace": [...]}}. */
public record ErrorBody(String errorType, String errorMessage, List<String> stackTrace) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOST_PACKAGE = "dev.kfn.runtime.";

    /**
     * As Lambda's Java runtime reports an exception a handler threw: the class name is the type, and the
     * trace stops where the host called into the function, so it shows the function's frames only.
     */
    public static ErrorBody of(Throwable error) {
        List<StackTraceElement> frames = Arrays.asList(error.getStackTrace());
        int end = 0;
        while (end < frames.size() && !frames.get(end).getClassName().startsWith(HOST_PACKAGE)) {
            end++;
        }
        while (end > 0 && isReflection(frames.get(end - 1))) {
            end--;
        }
        List<String> trace = frames.subList(0, end == 0 ? frames.size() : end).stream()
                .map(f -> f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber()
                        + ")")
                .toList();
        return new ErrorBody(error.getClass().getName(), String.valueOf(error.getMessage()), trace);
    }

    private static boolean isReflection(StackTraceElement frame) {
        return frame.getClassName().startsWith("jdk.internal.reflect.")
                || frame.getClassName().startsWith("java.lang.reflect.");
    }

    public byte[] json() {
        ObjectNode node = JSON.createObjectNode();
        node.put("errorMessage", errorMessage);
        node.put("errorType", errorType);
        if (!stackTrace.isEmpty()) {
            node.putArray("stackTrace")
                    .addAll(stackTrace.stream().map(node::textNode).toList());
        }
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
