package dev.kfn.runtime.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LogTailTest {

    @Test
    void keepsEverythingUpToFourKilobytes() {
        LogTail tail = new LogTail();
        tail.appendLine("START");
        tail.appendLine("END");
        assertThat(new String(tail.bytes(), StandardCharsets.UTF_8)).isEqualTo("START\nEND\n");
        assertThat(Base64.getDecoder().decode(tail.base64())).isEqualTo(tail.bytes());
    }

    @Test
    void keepsTheLastFourKilobytesWhateverTheWritesSizes() {
        LogTail tail = new LogTail();
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            String line = "line " + i + " " + "x".repeat(i % 37);
            tail.appendLine(line);
            all.append(line).append('\n');
        }
        byte[] big = "y".repeat(3000).getBytes(StandardCharsets.UTF_8);
        tail.append(big, 0, big.length);
        all.append("y".repeat(3000));
        byte[] expected = all.toString().getBytes(StandardCharsets.UTF_8);
        byte[] last = Arrays.copyOfRange(expected, expected.length - LogTail.BYTES, expected.length);
        assertThat(tail.bytes()).isEqualTo(last);
    }

    @Test
    void oneWriteLargerThanTheTailKeepsItsEnd() {
        LogTail tail = new LogTail();
        byte[] huge = ("a".repeat(5000) + "z".repeat(4096)).getBytes(StandardCharsets.UTF_8);
        tail.append(huge, 0, huge.length);
        assertThat(new String(tail.bytes(), StandardCharsets.UTF_8)).isEqualTo("z".repeat(4096));
    }
}
