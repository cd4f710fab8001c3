package dev.kfn.runtime.broker;

import com.rabbitmq.client.LongString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** About how many bytes an AMQP field table takes on the wire: enough to tell a sane header from a frame-filling one. */
final class HeaderSize {

    private HeaderSize() {}

    static int of(Map<String, Object> table) {
        int size = 4;
        for (Map.Entry<String, Object> field : table.entrySet()) {
            size += 1 + field.getKey().getBytes(StandardCharsets.UTF_8).length + 1 + value(field.getValue());
        }
        return size;
    }

    @SuppressWarnings("unchecked")
    private static int value(Object value) {
        if (value instanceof LongString text) {
            return 4 + (int) text.length();
        }
        if (value instanceof String text) {
            return 4 + text.getBytes(StandardCharsets.UTF_8).length;
        }
        if (value instanceof byte[] bytes) {
            return 4 + bytes.length;
        }
        if (value instanceof Map<?, ?> table) {
            return of((Map<String, Object>) table);
        }
        if (value instanceof List<?> list) {
            return 4 + list.stream().mapToInt(item -> 1 + value(item)).sum();
        }
        return 8;
    }
}
