package org.openloa.edge.enrolment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.openloa.edge.link.CmsLink;
import org.openloa.edge.link.Reply;
import org.openloa.edge.support.AtomicFiles;
import org.openloa.edge.support.Json;
import org.openloa.protocol.EnrollRequest;
import org.openloa.protocol.EnrollResponse;

/**
 * Gets the device its credential: the stored one, or a new one from POST /edge/v1/enroll with the
 * enrolment code. Network trouble is retried with backoff; a refused code is not (it works once).
 */
public final class Enrolment {

    private static final Logger LOG = Logger.getLogger(Enrolment.class.getName());
    private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    private static final Duration LONGEST_RETRY = Duration.ofMinutes(5);

    private final CredentialStore store;
    private final CmsLink link;
    private final String agentVersion;

    public Enrolment(CredentialStore store, CmsLink link, String agentVersion) {
        this.store = store;
        this.link = link;
        this.agentVersion = agentVersion;
    }

    /**
     * The device's credential, enrolling first if there is none; blocks until it has one.
     *
     * @param code the enrolment code, or null
     * @throws EnrolmentRefused when there is no credential and the code is missing or refused
     */
    public Credential credential(String code, String hardwareId)
            throws EnrolmentRefused, IOException, InterruptedException {
        Optional<Credential> stored = store.load();
        if (stored.isPresent()) {
            if (code != null) {
                LOG.fine("a credential is stored, so the enrolment code is not used");
            }
            return stored.get();
        }
        if (code == null) {
            throw new EnrolmentRefused("no credential in " + store.file()
                    + " and no enrollment.code (OPENLOA_ENROLLMENT_CODE) to enrol with");
        }
        Duration wait = FIRST_RETRY;
        while (true) {
            try {
                Credential credential = enrol(code, hardwareId);
                store.save(credential);
                LOG.info(() -> "enrolled as device " + credential.deviceId() + "; credential kept in " + store.file());
                return credential;
            } catch (IOException e) {
                Duration retry = wait;
                LOG.warning(() -> "enrolment failed (" + e.getMessage() + "); retrying in " + retry.toSeconds() + " s");
                Thread.sleep(wait.toMillis());
                wait = wait.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait.multipliedBy(2);
            }
        }
    }

    private Credential enrol(String code, String hardwareId)
            throws IOException, InterruptedException, EnrolmentRefused {
        byte[] body = Json.write(new EnrollRequest(code, hardwareId, agentVersion));
        Reply<byte[]> reply = link.postJson(link.endpoint("edge/v1/enroll"), body);
        if (reply.ok()) {
            EnrollResponse response = Json.read(reply.body(), EnrollResponse.class);
            return new Credential(response.deviceId(), response.credential());
        }
        String detail = new String(reply.body(), StandardCharsets.UTF_8);
        if (reply.status() / 100 == 4 && reply.status() != 408 && reply.status() != 429) {
            throw new EnrolmentRefused("the server refused the enrolment code: HTTP " + reply.status()
                    + (detail.isBlank() ? "" : " " + abbreviate(detail)));
        }
        throw new IOException("HTTP " + reply.status());
    }

    /**
     * A stable id for the box: the configured one, else /etc/machine-id, else a random id kept in
     * the data directory.
     */
    public static String hardwareId(String configured, Path dataDir) throws IOException {
        if (configured != null) {
            return configured;
        }
        for (String candidate : new String[] {"/etc/machine-id", "/var/lib/dbus/machine-id"}) {
            Path file = Path.of(candidate);
            if (Files.isReadable(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!id.isEmpty()) {
                    return "machine-id:" + id;
                }
            }
        }
        Path kept = dataDir.resolve("hardware-id");
        if (!Files.exists(kept)) {
            AtomicFiles.write(kept, ("random:" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        }
        return Files.readString(kept, StandardCharsets.UTF_8).trim();
    }

    private static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }
}
