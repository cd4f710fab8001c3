package dev.kfn.runtime.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching and unpacking against a real HTTP server on localhost, with Lambda's bounds unless a test says otherwise. */
class CodeFetcherTest {

    private static final CodeLimits LAMBDA = CodeLimits.lambda(Duration.ofSeconds(30), Duration.ofSeconds(300));

    @TempDir
    Path dir;

    private Path taskRoot() {
        return dir.resolve("task");
    }

    private Path function() throws Exception {
        return Archives.zip(
                dir.resolve("function.zip"),
                Map.of("bootstrap", "#!/bin/sh\n", "com/example/Fn.class", "x", "lib/dep.jar", "y"));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static CodeSource http(ArchiveServer server, Optional<String> sha256) throws Exception {
        return CodeSource.of(server.url(), sha256, true);
    }

    private ThrowableAssertAlternative<CodeUnavailable> fails(CodeLimits limits, CodeSource source, String type) {
        return org.assertj.core.api.Assertions.assertThatExceptionOfType(CodeUnavailable.class)
                .isThrownBy(() -> new CodeFetcher(limits).fetch(source, taskRoot()))
                .satisfies(e -> assertThat(e.errorType()).isEqualTo(type));
    }

    private void assertNothingUnpacked() throws Exception {
        if (Files.exists(taskRoot())) {
            try (Stream<Path> left = Files.list(taskRoot())) {
                assertThat(left).isEmpty();
            }
        }
    }

    @Test
    void unpacksAJarIntoLambdasLayoutAndMakesTheBootstrapExecutable() throws Exception {
        new CodeFetcher(LAMBDA)
                .fetch(CodeSource.of(function().toUri().toString(), Optional.empty(), false), taskRoot());

        assertThat(taskRoot().resolve("com/example/Fn.class")).hasContent("x");
        assertThat(taskRoot().resolve("lib/dep.jar")).hasContent("y");
        assertThat(Files.isExecutable(taskRoot().resolve("bootstrap"))).isTrue();
    }

    @Test
    void fetchesOverHttpWhenTheDigestMatches() throws Exception {
        Path archive = function();
        try (ArchiveServer server = new ArchiveServer(archive)) {
            new CodeFetcher(LAMBDA).fetch(http(server, Optional.of(sha256(archive))), taskRoot());
        }
        assertThat(taskRoot().resolve("com/example/Fn.class")).hasContent("x");
    }

    @Test
    void anArchiveWithAnotherDigestIsNeverUnpacked() throws Exception {
        Path archive = function();
        String other = sha256(Archives.zip(dir.resolve("other.zip"), Map.of("a", "b")));
        try (ArchiveServer server = new ArchiveServer(archive)) {
            fails(LAMBDA, http(server, Optional.of(other)), "Runtime.CodeDigestMismatch")
                    .withMessageContaining("has SHA-256 " + sha256(archive))
                    .withMessageContaining("code.sha256 is " + other);
        }
        assertNothingUnpacked();
    }

    @Test
    void aServerThatStallsEndsAtTheReadTimeout() throws Exception {
        CodeLimits limits = CodeLimits.lambda(Duration.ofMillis(500), Duration.ofSeconds(300));
        try (ArchiveServer server = new ArchiveServer(function()).mode(ArchiveServer.Mode.STALL)) {
            fails(limits, http(server, Optional.empty()), "Runtime.CodeDownloadFailed")
                    .withMessageContaining("timed out");
        }
        assertNothingUnpacked();
    }

    @Test
    void aServerThatTricklesEndsAtTheFetchTimeout() throws Exception {
        CodeLimits limits = CodeLimits.lambda(Duration.ofSeconds(30), Duration.ofSeconds(1));
        try (ArchiveServer server = new ArchiveServer(function()).mode(ArchiveServer.Mode.TRICKLE)) {
            fails(limits, http(server, Optional.empty()), "Runtime.CodeDownloadFailed")
                    .withMessageContaining("took longer than 1 s");
        }
        assertNothingUnpacked();
    }

    @Test
    void aMissingArchiveSaysTheStatus() throws Exception {
        try (ArchiveServer server = new ArchiveServer(function()).mode(ArchiveServer.Mode.NOT_FOUND)) {
            fails(LAMBDA, http(server, Optional.empty()), "Runtime.CodeDownloadFailed")
                    .withMessageContaining("answered HTTP 404");
        }
    }

    @Test
    void anArchiveOverFiftyMegabytesIsNotDownloaded() throws Exception {
        Path big = dir.resolve("big.bin");
        try (var out = Files.newOutputStream(big)) {
            out.write(new byte[(int) CodeLimits.LAMBDA_ZIPPED_BYTES + 1]);
        }
        try (ArchiveServer server = new ArchiveServer(big)) {
            fails(LAMBDA, http(server, Optional.empty()), "Runtime.CodeTooLarge")
                    .withMessageContaining("larger than 52428800");
        }
        // without a length announced the count stops it
        try (ArchiveServer server = new ArchiveServer(big).mode(ArchiveServer.Mode.TRICKLE)) {
            CodeLimits small = new CodeLimits(
                    10,
                    CodeLimits.LAMBDA_UNZIPPED_BYTES,
                    10,
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(300));
            fails(small, http(server, Optional.empty()), "Runtime.CodeTooLarge")
                    .withMessageContaining("larger than 10 bytes");
        }
    }

    @Test
    void aZipBombStopsAtTheUnpackedBoundAndLeavesNothing() throws Exception {
        Path bomb = Archives.bomb(dir.resolve("bomb.zip"), CodeLimits.LAMBDA_UNZIPPED_BYTES + 1024 * 1024);
        assertThat(Files.size(bomb)).isLessThan(CodeLimits.LAMBDA_ZIPPED_BYTES);
        try (ArchiveServer server = new ArchiveServer(bomb)) {
            fails(LAMBDA, http(server, Optional.empty()), "Runtime.CodeTooLarge")
                    .withMessageContaining("unpacks to more than 262144000 bytes");
        }
        assertNothingUnpacked();
    }

    @Test
    void tooManyEntriesStopTheUnpack() throws Exception {
        Path many = Archives.manyEntries(dir.resolve("many.zip"), CodeLimits.MAX_ENTRIES + 1);
        fails(LAMBDA, CodeSource.of(many.toUri().toString(), Optional.empty(), false), "Runtime.CodeTooLarge")
                .withMessageContaining("more than 100000 entries");
        assertNothingUnpacked();
    }

    @Test
    void refusesEntriesThatEscapeTheTaskRoot() throws Exception {
        Path archive = Archives.zip(dir.resolve("evil.zip"), Map.of("../escaped", "x"));
        fails(LAMBDA, CodeSource.of(archive.toUri().toString(), Optional.empty(), false), "Runtime.InvalidCodeArchive")
                .withMessageContaining("outside the task root");
        assertThat(dir.resolve("escaped")).doesNotExist();
    }

    @Test
    void somethingThatIsNoZipIsSaidSo() throws Exception {
        Path html = dir.resolve("index.html");
        Files.writeString(html, "<html>not found</html>");
        fails(LAMBDA, CodeSource.of(html.toUri().toString(), Optional.empty(), false), "Runtime.InvalidCodeArchive")
                .withMessageContaining("not a zip");
    }
}
