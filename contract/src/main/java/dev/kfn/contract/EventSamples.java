package dev.kfn.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One sample of each event kfn delivers, for {@code kfn events <source>} (what {@code sam local generate-event}
 * gives Lambda users): each sample is exactly what kfn's own builder writes for one fixed input, and that builder's
 * test checks it, so a sample never drifts from what a handler receives.
 */
public final class EventSamples {

    /** The sources with a sample, as {@code kfn events} names them (the trigger kinds). */
    public static final List<String> SOURCES = List.of(
            "http",
            "websocket",
            "queue",
            "schedule",
            "topic",
            "objectStore",
            "stream",
            "databaseChange",
            "clusterEvent");

    private EventSamples() {}

    /** @throws IllegalArgumentException for a source without a sample, naming those there are */
    public static String json(String source) {
        if (!SOURCES.contains(source)) {
            throw new IllegalArgumentException(
                    "no sample event for '" + source + "'; there are: " + String.join(", ", SOURCES));
        }
        try (InputStream in = EventSamples.class.getResourceAsStream("events/" + source + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
