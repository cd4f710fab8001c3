package dev.kfn.local;

/** Why a manifest file cannot be applied, said with the line it is about. */
final class InvalidManifestException extends Exception {

    InvalidManifestException(String reason) {
        super(reason);
    }
}
