package dev.kfn.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key the operator derives every function's broker password from. Made once, at random, in kfn local's folder
 * and readable by its owner only: the same key on every start keeps the passwords the running pods and the broker
 * already hold.
 */
final class BrokerIdentityKey {

    static final String FILE = "broker-identity-key";

    private BrokerIdentityKey() {}

    /** The key kept in {@code workDir}, made there first when there is none. */
    static String in(Path workDir) throws IOException {
        Path file = workDir.resolve(FILE);
        if (!Files.exists(file)) {
            create(file);
        }
        String key = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (key.isEmpty()) {
            throw new IllegalStateException(file + " is empty: delete it and kfn local makes a new key"
                    + " (every function's broker password changes with it)");
        }
        return key;
    }

    private static void create(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Files.createDirectories(file.getParent());
        // written whole under another name, then linked (which never replaces): no one sees a half-written key or reads
        // it but the owner, and of two kfn locals starting at once the first one's key stands
        Path partial = Files.createTempFile(
                file.getParent(),
                FILE,
                ".partial",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(
                partial, Base64.getUrlEncoder().withoutPadding().encodeToString(random), StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("r--------"));
        try {
            Files.createLink(file, partial);
        } catch (FileAlreadyExistsException e) {
            // made meanwhile: that one is the key
        } finally {
            Files.delete(partial);
        }
    }
}
