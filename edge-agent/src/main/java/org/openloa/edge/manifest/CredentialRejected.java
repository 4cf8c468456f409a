package org.openloa.edge.manifest;

import java.io.IOException;

/** 401/403: the server no longer accepts this device's credential (revoked, or the device deleted). */
public final class CredentialRejected extends IOException {

    CredentialRejected(String message) {
        super(message);
    }
}
