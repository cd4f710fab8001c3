package dev.kfn.runtime.code;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Fetches a {@code code.url} function's archive and unpacks it into the task root before init, as Lambda unpacks a
 * deployment package into /var/task. A jar is a zip: its classes land at the root, its {@code lib/} jars in lib/,
 * which is the layout the java runner loads.
 *
 * <p>The archive is downloaded to a file first, within {@link CodeLimits}, its SHA-256 taken on the way, and only an
 * archive with the expected digest is opened. Unpacking counts what it writes, so a zip bomb stops at the bound,
 * and an entry that would land outside the task root is refused. Whatever fails leaves nothing unpacked behind.
 * {@link HttpURLConnection} is used rather than {@code java.net.http.HttpClient} because it has a read timeout,
 * and it follows redirects only within one scheme, so https is never downgraded.
 */
public final class CodeFetcher {

    private final CodeLimits limits;

    public CodeFetcher(CodeLimits limits) {
        this.limits = limits;
    }

    public void fetch(CodeSource source, Path taskRoot) throws CodeUnavailable {
        Path archive = null;
        try {
            archive = Files.createTempFile("kfn-code-", ".zip");
            String digest = download(source, archive);
            if (source.sha256().isPresent() && !source.sha256().get().equals(digest)) {
                throw new CodeUnavailable(
                        CodeUnavailable.DIGEST_MISMATCH,
                        "The archive at " + source.url() + " has SHA-256 " + digest + ", code.sha256 is "
                                + source.sha256().get());
            }
            unpack(archive, taskRoot);
        } catch (IOException e) {
            throw new CodeUnavailable(
                    CodeUnavailable.DOWNLOAD_FAILED,
                    "Could not fetch " + source.url() + " into " + taskRoot + ": " + e.getMessage(),
                    e);
        } finally {
            if (archive != null) {
                deleteQuietly(archive);
            }
        }
    }

    /** Copies the archive into {@code file} within the bounds; returns its SHA-256 in hex. */
    private String download(CodeSource source, Path file) throws CodeUnavailable, IOException {
        MessageDigest sha256 = sha256();
        Instant deadline = Instant.now().plus(limits.fetchTimeout());
        try (InputStream in = new DigestInputStream(open(source), sha256);
                OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > limits.maxArchiveBytes()) {
                    throw new CodeUnavailable(
                            CodeUnavailable.TOO_LARGE,
                            "The archive at " + source.url() + " is larger than " + limits.maxArchiveBytes()
                                    + " bytes");
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new CodeUnavailable(
                            CodeUnavailable.DOWNLOAD_FAILED,
                            "Fetching " + source.url() + " took longer than "
                                    + limits.fetchTimeout().toSeconds() + " s (" + total + " bytes came)");
                }
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new CodeUnavailable(
                    CodeUnavailable.DOWNLOAD_FAILED,
                    "Fetching " + source.url() + " timed out: nothing came for "
                            + limits.readTimeout().toSeconds() + " s (" + e.getMessage() + ")",
                    e);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private InputStream open(CodeSource source) throws IOException, CodeUnavailable {
        if (source.local()) {
            return Files.newInputStream(Path.of(source.url()));
        }
        HttpURLConnection connection = (HttpURLConnection) source.url().toURL().openConnection();
        connection.setConnectTimeout((int) limits.connectTimeout().toMillis());
        connection.setReadTimeout((int) limits.readTimeout().toMillis());
        connection.setInstanceFollowRedirects(true);
        int status = connection.getResponseCode();
        if (status != HttpURLConnection.HTTP_OK) {
            connection.disconnect();
            throw new CodeUnavailable(
                    CodeUnavailable.DOWNLOAD_FAILED, "Fetching " + source.url() + " answered HTTP " + status);
        }
        if (connection.getContentLengthLong() > limits.maxArchiveBytes()) {
            connection.disconnect();
            throw new CodeUnavailable(
                    CodeUnavailable.TOO_LARGE,
                    "The archive at " + source.url() + " is " + connection.getContentLengthLong()
                            + " bytes, larger than " + limits.maxArchiveBytes());
        }
        return new FilterInputStream(connection.getInputStream()) {
            @Override
            public void close() throws IOException {
                super.close();
                connection.disconnect();
            }
        };
    }

    /** Unpacks within the bounds; on any failure removes what it wrote, so the next attempt starts clean. */
    private void unpack(Path archive, Path taskRoot) throws CodeUnavailable, IOException {
        Files.createDirectories(taskRoot);
        Path root = taskRoot.toAbsolutePath().normalize();
        List<Path> written = new ArrayList<>();
        boolean done = false;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            long unpacked = 0;
            int entries = 0;
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (++entries > limits.maxEntries()) {
                    throw new CodeUnavailable(
                            CodeUnavailable.TOO_LARGE, "The archive has more than " + limits.maxEntries() + " entries");
                }
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root) || target.equals(root)) {
                    throw new CodeUnavailable(
                            CodeUnavailable.INVALID_ARCHIVE,
                            "Archive entry " + entry.getName() + " points outside the task root");
                }
                createDirectories(entry.isDirectory() ? target : target.getParent(), root, written);
                if (entry.isDirectory()) {
                    continue;
                }
                written.add(target);
                unpacked += copy(zip, target, limits.maxUnpackedBytes() - unpacked);
                // java.util.zip does not carry Unix modes; the entry point of a provided function must run
                if (entry.getName().equals("bootstrap")) {
                    target.toFile().setExecutable(true, false);
                }
            }
            if (entries == 0) {
                throw new CodeUnavailable(CodeUnavailable.INVALID_ARCHIVE, "The archive is not a zip, or is empty");
            }
            done = true;
        } catch (ZipException e) {
            throw new CodeUnavailable(
                    CodeUnavailable.INVALID_ARCHIVE, "The archive is not a valid zip: " + e.getMessage(), e);
        } finally {
            if (!done) {
                for (int i = written.size() - 1; i >= 0; i--) {
                    deleteQuietly(written.get(i));
                }
            }
        }
    }

    /** Writes at most {@code allowed} bytes of the current entry; more is a bomb. */
    private long copy(InputStream entry, Path target, long allowed) throws CodeUnavailable, IOException {
        long copied = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int n = entry.read(buffer); n >= 0; n = entry.read(buffer)) {
                copied += n;
                if (copied > allowed) {
                    throw new CodeUnavailable(
                            CodeUnavailable.TOO_LARGE,
                            "The archive unpacks to more than " + limits.maxUnpackedBytes() + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
        return copied;
    }

    /** Creates {@code dir} and its missing parents under {@code root}, noting each one made. */
    private static void createDirectories(Path dir, Path root, List<Path> written) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path d = dir; d != null && !d.equals(root) && !Files.isDirectory(d); d = d.getParent()) {
            missing.add(0, d);
        }
        for (Path d : missing) {
            Files.createDirectory(d);
            written.add(d);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a leftover in the task root is overwritten by the next attempt
        }
    }
}
