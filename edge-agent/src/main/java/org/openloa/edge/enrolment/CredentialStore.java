package org.openloa.edge.enrolment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.openloa.edge.support.AtomicFiles;
import org.openloa.edge.support.Json;
import org.openloa.protocol.EnrollResponse;

/** {@code credential.json} in the data directory, mode 0600. */
public final class CredentialStore {

    private static final Logger LOG = Logger.getLogger(CredentialStore.class.getName());
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;

    public CredentialStore(Path dataDir) {
        this.file = dataDir.resolve("credential.json");
    }

    public Path file() {
        return file;
    }

    public Optional<Credential> load() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        tightenPermissions();
        EnrollResponse stored = Json.read(Files.readAllBytes(file), EnrollResponse.class);
        return Optional.of(new Credential(stored.deviceId(), stored.credential()));
    }

    public void save(Credential credential) throws IOException {
        AtomicFiles.write(file, Json.write(new EnrollResponse(credential.deviceId(), credential.secret())));
    }

    /** Someone may have copied the file in with a loose mode; a credential readable by others is not kept so. */
    private void tightenPermissions() throws IOException {
        try {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
                LOG.warning(() -> file + " was readable by others; it is now mode 0600");
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system.
        }
    }
}
