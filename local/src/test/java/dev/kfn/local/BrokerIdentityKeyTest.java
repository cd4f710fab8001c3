package dev.kfn.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerIdentityKeyTest {

    @Test
    void isMadeOnceReadableByItsOwnerOnlyAndKeptAcrossStarts(@TempDir Path work) throws Exception {
        String first = BrokerIdentityKey.in(work.resolve(".kfn"));
        String again = BrokerIdentityKey.in(work.resolve(".kfn"));

        Path file = work.resolve(".kfn").resolve(BrokerIdentityKey.FILE);
        assertThat(again).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("r--------");
        // 32 random bytes
        assertThat(first).hasSize(43);
        try (var files = Files.list(work.resolve(".kfn"))) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void differsFromOneFolderToAnother(@TempDir Path work) throws Exception {
        assertThat(BrokerIdentityKey.in(work.resolve("a"))).isNotEqualTo(BrokerIdentityKey.in(work.resolve("b")));
    }
}
