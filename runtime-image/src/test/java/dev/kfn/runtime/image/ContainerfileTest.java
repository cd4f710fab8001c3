package dev.kfn.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.contract.HostJvm;
import dev.kfn.contract.Runtime;
import dev.kfn.testsupport.RuntimeContainerfile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runtime image lays the host out as the operator's command expects, on a current LTS JDK, as a non-root user. */
class ContainerfileTest {

    private final RuntimeContainerfile containerfile = RuntimeContainerfile.read();

    @Test
    void defaultCommandIsThatOfA128MiBJavaFunction() {
        assertThat(containerfile.command()).isEqualTo(HostJvm.command(128, Runtime.JAVA));
    }

    @Test
    void trainsTheAotCacheTheCommandNamesWithTheFlagsOfA128MiBJavaFunction() {
        List<String> expected = new ArrayList<>();
        expected.add("java");
        expected.add("-XX:AOTCacheOutput=" + HostJvm.AOT_CACHE);
        expected.addAll(HostJvm.options(128, Runtime.JAVA));
        expected.addAll(List.of("-jar", HostJvm.JAR));
        assertThat(containerfile.training().command()).isEqualTo(expected);
    }

    @Test
    void runsOnJdk25AsTheBaseImagesNonRootUser() {
        assertThat(containerfile.from()).startsWith("registry.access.redhat.com/ubi9/openjdk-25-runtime:");
        assertThat(containerfile.user()).isEqualTo("185");
    }
}
