package dev.kfn.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.contract.HostJvm;
import dev.kfn.contract.Runtime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerfileTest {

    @Test
    void defaultCommandIsThatOfA128MiBJavaFunction() throws Exception {
        String containerfile =
                Files.readString(Path.of("src/main/docker/Containerfile")).replace("\\\n", "");
        String cmd = containerfile
                .lines()
                .filter(l -> l.startsWith("CMD "))
                .findFirst()
                .orElseThrow()
                .substring(4);
        List<String> command = new ObjectMapper().readValue(cmd, new TypeReference<>() {});
        assertThat(command).isEqualTo(HostJvm.command(128, Runtime.JAVA));
    }
}
