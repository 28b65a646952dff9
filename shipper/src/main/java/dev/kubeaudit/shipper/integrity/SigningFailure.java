package dev.kubeaudit.shipper.integrity;

import java.io.IOException;

/** Signing a manifest or a checkpoint with the signing key failed: counted apart from other failures. */
final class SigningFailure extends IOException {
    private static final long serialVersionUID = 1L;

    SigningFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
