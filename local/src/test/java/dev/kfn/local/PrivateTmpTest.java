package dev.kfn.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PrivateTmpTest {

    private static final PrivateTmp TMP = PrivateTmp.detect();

    @Test
    void aWritePastTheSizeFailsWithNoSpaceLeftAndTheProcessGoesOn() throws Exception {
        Assumptions.assumeTrue(TMP.bounded(), "no mount namespace on this machine");
        String out = run(TMP.wrap(
                List.of(
                        "sh",
                        "-c",
                        "dd if=/dev/zero of=/tmp/fill bs=1M count=8 2>&1; rm /tmp/fill; echo alive; df -k /tmp"),
                OptionalLong.of(4L * 1024 * 1024),
                List.of()));

        assertThat(out).contains("No space left on device").contains("alive").contains(" 4096 ");
    }

    @Test
    void eachInstanceSeesOnlyItsOwnTmp() throws Exception {
        Assumptions.assumeTrue(TMP.bounded(), "no mount namespace on this machine");
        run(TMP.wrap(
                List.of("sh", "-c", "echo mine > /tmp/kfn-private-tmp-test"), OptionalLong.of(1024 * 1024), List.of()));

        assertThat(run(List.of("sh", "-c", "ls /tmp/kfn-private-tmp-test 2>&1 || true")))
                .contains("No such file");
    }

    @Test
    void theInstanceKeepsItsProcessId() throws Exception {
        Assumptions.assumeTrue(TMP.bounded(), "no mount namespace on this machine");
        // SIGTERM and the Pod's container id reach the instance, not a wrapper around it
        Process process =
                new ProcessBuilder(TMP.wrap(List.of("sleep", "30"), OptionalLong.of(1024 * 1024), List.of())).start();
        try {
            await().until(() -> ProcessHandle.of(process.pid())
                    .flatMap(p -> p.info().command())
                    .map(c -> c.endsWith("sleep"))
                    .orElse(false));
        } finally {
            process.destroy();
        }
        assertThat(process.waitFor()).isEqualTo(143);
    }

    @Test
    void kfnsOwnFoldersUnderTmpStayVisible() throws Exception {
        Assumptions.assumeTrue(TMP.bounded(), "no mount namespace on this machine");
        Path kept = Files.createTempDirectory("kfn-kept");
        Files.writeString(kept.resolve("code"), "visible");
        Path other = Files.createTempFile("kfn-hidden", "");

        String out;
        try {
            out = run(TMP.wrap(
                    List.of("sh", "-c", "cat " + kept.resolve("code") + "; ls " + other + " 2>&1; df -k /tmp"),
                    OptionalLong.of(1024 * 1024),
                    List.of(kept, Path.of("/usr/lib"))));
        } finally {
            Files.delete(kept.resolve("code"));
            Files.delete(kept);
            Files.delete(other);
        }

        assertThat(out).contains("visible").contains("No such file").contains(" 1024 ");
    }

    @Test
    void keepsTheOutermostFoldersUnderTmpOnly() {
        assertThat(PrivateTmp.kept(List.of(
                        Path.of("/tmp/kfn/local/.kfn"), Path.of("/tmp/kfn"), Path.of("/work/kfn"), Path.of("/tmp/b"))))
                .hasValue(List.of(Path.of("/tmp/b"), Path.of("/tmp/kfn")));
        assertThat(PrivateTmp.kept(List.of(Path.of("/tmp"), Path.of("/work")))).isEmpty();
    }

    @Test
    void runsTheCommandAsItIsWithoutASize() {
        assertThat(TMP.wrap(List.of("java", "-jar", "host.jar"), OptionalLong.empty(), List.of()))
                .containsExactly("java", "-jar", "host.jar");
    }

    @Test
    void readsTheSizeOfTheVolumeMountedAtTmp() {
        PodSpec pod = new PodSpecBuilder()
                .addNewContainer()
                .withName("function")
                .addNewVolumeMount()
                .withName("code")
                .withMountPath("/var/task")
                .endVolumeMount()
                .addNewVolumeMount()
                .withName("tmp")
                .withMountPath("/tmp")
                .endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName("code")
                .withNewEmptyDir()
                .withSizeLimit(new Quantity("1Gi"))
                .endEmptyDir()
                .endVolume()
                .addNewVolume()
                .withName("tmp")
                .withNewEmptyDir()
                .withMedium("Memory")
                .withSizeLimit(new Quantity("512Mi"))
                .endEmptyDir()
                .endVolume()
                .build();

        assertThat(PrivateTmp.size(pod)).hasValue(512L * 1024 * 1024);
    }

    @Test
    void readsTheStorageAGenericEphemeralVolumeAtTmpClaims() {
        PodSpec pod = new PodSpecBuilder()
                .addNewContainer()
                .withName("function")
                .addNewVolumeMount()
                .withName("tmp")
                .withMountPath("/tmp")
                .endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName("tmp")
                .withNewEphemeral()
                .withNewVolumeClaimTemplate()
                .withNewSpec()
                .withNewResources()
                .withRequests(Map.of("storage", new Quantity("2Gi")))
                .endResources()
                .endSpec()
                .endVolumeClaimTemplate()
                .endEphemeral()
                .endVolume()
                .build();

        assertThat(PrivateTmp.size(pod)).hasValue(2L * 1024 * 1024 * 1024);
    }

    @Test
    void aPodWithoutATmpVolumeHasNoSize() {
        PodSpec pod = new PodSpecBuilder()
                .addNewContainer()
                .withName("function")
                .endContainer()
                .build();
        assertThat(PrivateTmp.size(pod)).isEmpty();
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }
}
