package dev.kfn.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks a {@code code.url} function's archive into the task root before init, as Lambda unpacks a
 * deployment package into /var/task. A jar is a zip: its classes land at the root, its {@code lib/}
 * jars in lib/, which is the layout the java runner loads.
 */
final class CodeFetcher {

    private CodeFetcher() {}

    static void fetch(URI url, Path taskRoot) throws IOException, InterruptedException {
        Files.createDirectories(taskRoot);
        try (InputStream archive = open(url);
                ZipInputStream zip = new ZipInputStream(archive)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = taskRoot.resolve(entry.getName()).normalize();
                if (!target.startsWith(taskRoot.normalize())) {
                    throw new IOException("Archive entry " + entry.getName() + " points outside the task root");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                // java.util.zip does not carry Unix modes; the entry point of a provided function must run
                if (entry.getName().equals("bootstrap")) {
                    target.toFile().setExecutable(true, false);
                }
            }
        }
    }

    private static InputStream open(URI url) throws IOException, InterruptedException {
        if ("file".equals(url.getScheme())) {
            return Files.newInputStream(Path.of(url));
        }
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<InputStream> response =
                client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("Fetching " + url + " answered " + response.statusCode());
        }
        return response.body();
    }
}
