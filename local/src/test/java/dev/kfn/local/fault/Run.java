package dev.kfn.local.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** One run of the recording handler, as it appended it: when, under which request id, for which payload id, where. */
record Run(long atMillis, String requestId, String id, long pid) {

    static Run parse(String line) {
        String[] fields = line.split(" ");
        return new Run(Long.parseLong(fields[0]), fields[1], fields[2], Long.parseLong(fields[3]));
    }

    /** Every complete line of every process's file: a line cut short by a kill has no end of line and is no run. */
    static List<Run> readAll(Path dir) {
        List<Run> runs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String text = Files.readString(file);
                int end = text.lastIndexOf('\n');
                if (end < 0) {
                    continue;
                }
                text.substring(0, end).lines().map(Run::parse).forEach(runs::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return runs;
    }
}
