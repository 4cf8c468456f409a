package org.openloa.edge.enrolment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.edge.link.CmsLink;
import org.openloa.edge.link.ServerClock;
import org.openloa.edge.testing.StandInCms;

class EnrolmentTest {

    @TempDir
    Path dir;

    StandInCms cms;
    CmsLink link;
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    Handler capture = new StreamHandler(logged, new SimpleFormatter());

    @BeforeEach
    void standInCms() throws IOException {
        cms = StandInCms.start().device("K7PX-2M9Q", "d-1", "s3cr3t-credential");
        link = new CmsLink(cms.url(), new ServerClock(Clock.systemUTC()), Duration.ofSeconds(5), "test");
        capture.setLevel(Level.ALL);
        Logger.getLogger("org.openloa.edge").addHandler(capture);
        Logger.getLogger("org.openloa.edge").setLevel(Level.ALL);
    }

    @AfterEach
    void stop() {
        Logger.getLogger("org.openloa.edge").removeHandler(capture);
        cms.close();
    }

    @Test
    void theFirstStartEnrolsOnceAndKeepsTheCredentialReadableByTheOwnerOnly() throws Exception {
        Enrolment enrolment = new Enrolment(new CredentialStore(dir), link, "test");

        Credential first = enrolment.credential("K7PX-2M9Q", "machine-id:abc");
        Credential second = enrolment.credential("K7PX-2M9Q", "machine-id:abc");

        assertThat(first).isEqualTo(new Credential("d-1", "s3cr3t-credential")).isEqualTo(second);
        assertThat(cms.requests("/edge/v1/enroll")).hasSize(1);
        assertThat(Files.getPosixFilePermissions(dir.resolve("credential.json")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        capture.flush();
        assertThat(logged.toString())
                .contains("enrolled as device d-1")
                .doesNotContain("s3cr3t-credential")
                .doesNotContain("K7PX-2M9Q");
        assertThat(first.toString()).doesNotContain("s3cr3t-credential");
    }

    @Test
    void aCodeTheServerRefusesIsNotRetried() {
        Enrolment enrolment = new Enrolment(new CredentialStore(dir), link, "test");

        assertThatThrownBy(() -> enrolment.credential("USED-CODE", "hw"))
                .isInstanceOf(EnrolmentRefused.class)
                .hasMessageContaining("409");
        assertThat(dir.resolve("credential.json")).doesNotExist();
    }

    @Test
    void withoutCredentialOrCodeTheAgentSaysWhatToSet() {
        Enrolment enrolment = new Enrolment(new CredentialStore(dir), link, "test");

        assertThatThrownBy(() -> enrolment.credential(null, "hw"))
                .isInstanceOf(EnrolmentRefused.class)
                .hasMessageContaining("OPENLOA_ENROLLMENT_CODE");
    }

    @Test
    void aCredentialFileLeftReadableByOthersIsTightened() throws Exception {
        new CredentialStore(dir).save(new Credential("d-1", "s"));
        Files.setPosixFilePermissions(dir.resolve("credential.json"), PosixFilePermissions.fromString("rw-r--r--"));

        new CredentialStore(dir).load();

        assertThat(Files.getPosixFilePermissions(dir.resolve("credential.json")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
}
