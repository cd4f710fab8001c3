package dev.kfn.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.contract.PodLabels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kfn logs} against a cluster: the real CLI process and Fabric8 client against the mock API server, which
 * answers the pod listing and the pods' logs as an API server does (its CRUD mode has no log subresource, so the
 * answers are set up here).
 */
class LogsCommandTest {

    @TempDir
    Path home;

    private final KubernetesMockServer server = new KubernetesMockServer();
    private Path kubeconfig;

    @BeforeEach
    void start() throws Exception {
        server.start();
        kubeconfig = home.resolve("cluster.kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster: {server: "%s", insecure-skip-tls-verify: true}
                contexts:
                - name: c
                  context: {cluster: c, user: u, namespace: team-a}
                users:
                - name: u
                  user: {}
                current-context: c
                """.formatted(server.url("/")));
    }

    @AfterEach
    void stop() {
        server.destroy();
    }

    @Test
    void printsEachPodsLogAfterItsNameThroughTheKubernetesApi() {
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/team-a/pods?labelSelector=kfn.dev%2Ffunction%3Dhello")
                .andReturn(
                        200,
                        new PodListBuilder()
                                .addToItems(pod("hello-7c9-a", "2026-12-02T10:00:00Z"))
                                .addToItems(pod("hello-7c9-b", "2026-12-02T10:05:00Z"))
                                .build())
                .once();
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/team-a/pods/hello-7c9-a/log?pretty=false")
                .andReturn(200, "START RequestId: 1\nEND RequestId: 1\n")
                .once();
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/team-a/pods/hello-7c9-b/log?pretty=false")
                .andReturn(200, "started\n")
                .once();

        Cli.Result logs = new Cli(home, home, Map.of()).run("logs", "hello", "--kubeconfig", kubeconfig.toString());

        assertThat(logs.exitCode()).as(logs.err()).isZero();
        assertThat(logs.out().lines())
                .containsExactly(
                        "[hello-7c9-a] START RequestId: 1", "[hello-7c9-a] END RequestId: 1", "[hello-7c9-b] started");
    }

    @Test
    void aFunctionWithNoPodSaysSoAndHowToStartOne() {
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/team-a/pods?labelSelector=kfn.dev%2Ffunction%3Dquiet")
                .andReturn(200, new PodListBuilder().build())
                .once();

        Cli.Result logs = new Cli(home, home, Map.of()).run("logs", "quiet", "--kubeconfig", kubeconfig.toString());

        assertThat(logs.exitCode()).isNotZero();
        assertThat(logs.err()).contains("no instance of team-a/quiet runs now; invoke it (kfn invoke quiet)");
    }

    @Test
    void kfnLocalsFilesAreReadUnderItsKubeconfigOrWhenNoneIsNamed() throws Exception {
        Path local = home.resolve(".kfn");
        assertThat(LogsCommand.readsKfnLocalFiles(Optional.of(local.resolve("kubeconfig")), local))
                .isTrue();
        assertThat(LogsCommand.readsKfnLocalFiles(Optional.of(kubeconfig), local))
                .isFalse();
        assertThat(LogsCommand.readsKfnLocalFiles(Optional.empty(), local)).isFalse();
        Files.createDirectories(local.resolve("logs"));
        assertThat(LogsCommand.readsKfnLocalFiles(Optional.empty(), local)).isTrue();
    }

    private static Pod pod(String name, String created) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("team-a")
                .withCreationTimestamp(created)
                .withLabels(Map.of(PodLabels.FUNCTION, "hello"))
                .endMetadata()
                .build();
    }
}
