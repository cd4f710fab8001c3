package dev.kfn.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.testsupport.TaskRoots;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each instance has a /tmp of its Function's ephemeral-storage size, as in Lambda: a write past it fails with "No
 * space left on device" for that call, and the instance and its bootstrap live on for the next.
 */
class PrivateTmpE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalRun run;

    @BeforeAll
    static void start() throws Exception {
        run = LocalRun.start(Path.of("target/e2e-tmp").toAbsolutePath(), Map.of());
    }

    @AfterAll
    static void stop() {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void aWritePastTheFunctionsTmpFailsThatCallAndTheSameInstanceAnswersTheNext() throws Exception {
        Path code = TaskRoots.zip(Path.of("target/test-classes/tmp-filler").toAbsolutePath());
        run.create("filler", "filler.handler", spec -> {
            spec.setRuntime("provided");
            spec.getCode().setUrl(code.toUri().toString());
            spec.setEphemeralStorage("512Mi");
            spec.setTimeout("30s");
            spec.getConcurrency().setProvisioned(1);
        });

        JsonNode before = JSON.readTree(answer(run.invoke("filler", "\"look\"").get()));
        List<Long> instances = run.pids("filler");

        HttpResponse<String> full = run.invoke("filler", "\"fill\"").get();
        assertThat(full.headers().firstValue("X-Amz-Function-Error"))
                .as(full.body())
                .isPresent();
        assertThat(JSON.readTree(full.body()).path("errorMessage").asText()).contains("No space left on device");

        JsonNode after = JSON.readTree(answer(run.invoke("filler", "\"look\"").get()));
        assertThat(before.path("tmpKiB").asLong()).isEqualTo(512 * 1024);
        assertThat(after.path("bootstrap").asLong())
                .isEqualTo(before.path("bootstrap").asLong());
        assertThat(run.pids("filler")).hasSize(1).isEqualTo(instances);
    }

    private static String answer(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Amz-Function-Error"))
                .as(response.body())
                .isEmpty();
        return response.body();
    }
}
