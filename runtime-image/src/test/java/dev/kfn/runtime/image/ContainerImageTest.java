package dev.kfn.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.HostJvm;
import dev.kfn.contract.Runtime;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The Jib build of the runtime host's image (run only with {@code -Dquarkus.container-image.build=true}) lays the
 * host out as the Containerfile does and as the operator's command expects, and runs it as a non-root user.
 */
class ContainerImageTest {

    private static Properties config() throws Exception {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        return properties;
    }

    @Test
    void hostSitsWhereTheOperatorsCommandRunsItAndTheDefaultIsA128MiBJavaFunctions() throws Exception {
        Properties jib = config();
        assertThat(Path.of(jib.getProperty("quarkus.jib.working-directory")).resolve("quarkus-run.jar"))
                .isEqualTo(Path.of(HostJvm.JAR));
        assertThat(Arrays.asList(jib.getProperty("quarkus.jib.jvm-entrypoint").split(",")))
                .isEqualTo(HostJvm.command(128, Runtime.JAVA));
        assertThat(jib.getProperty("quarkus.jib.environment-variables.\"LAMBDA_TASK_ROOT\""))
                .isEqualTo(HostEnvironment.TASK_ROOT);
    }

    @Test
    void runsAsTheBaseImagesNonRootUserOnTheContainerfilesBase() throws Exception {
        Properties jib = config();
        assertThat(jib.getProperty("quarkus.jib.user")).isEqualTo("185");
        String from = Files.readString(Path.of("src/main/docker/Containerfile"))
                .lines()
                .filter(l -> l.startsWith("FROM "))
                .findFirst()
                .orElseThrow()
                .substring(5)
                .trim();
        assertThat(jib.getProperty("quarkus.jib.base-jvm-image")).isEqualTo(from);
        assertThat(String.join(
                        "/",
                        jib.getProperty("quarkus.container-image.registry"),
                        jib.getProperty("quarkus.container-image.group"),
                        jib.getProperty("quarkus.container-image.name")))
                .isEqualTo("ghcr.io/kfn-dev/runtime-host");
    }
}
