package dev.kfn.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.contract.HostJvm;
import dev.kfn.contract.Runtime;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostLaunchTest {

    @Test
    void runsThePodsCommandWithThisMachinesJavaHostJarAndClassCacheInPlaceOfTheImages() {
        var container = new ContainerBuilder()
                .withCommand(HostJvm.command(128, Runtime.JAVA))
                .build();
        assertThat(HostLaunch.command(
                        container, Path.of("/src/kfn/host.jar"), "/usr/bin/java", List.of("-XX:AOTCache=/k/host.aot")))
                .startsWith("/usr/bin/java", "-XX:AOTCache=/k/host.aot")
                .contains("-Xmx48m")
                .doesNotContain(HostJvm.aotCacheOption())
                .endsWith("-jar", "/src/kfn/host.jar");
    }

    @Test
    void givesEachInstanceItsOwnPortsAndTaskRoot() {
        Map<String, String> env =
                HostLaunch.environment(Map.of("KFN_FUNCTION_NAME", "hello"), 1234, Path.of("/tmp/pod/task"));
        assertThat(env)
                .containsEntry("QUARKUS_HTTP_PORT", "1234")
                .containsEntry("KFN_RUNTIME_API_PORT", "0")
                .containsEntry("KFN_TASK_ROOT", "/tmp/pod/task")
                .containsEntry("KFN_FUNCTION_NAME", "hello");
    }
}
