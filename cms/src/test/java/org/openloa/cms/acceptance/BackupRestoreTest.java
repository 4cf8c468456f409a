package org.openloa.cms.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.cms.Api;
import org.openloa.cms.EnrolledDevice;
import org.openloa.cms.TestWorld;

/**
 * docs/operations.md, "Backup and restore", for the embedded default: stop the node, copy its data directory (the
 * database file and the media store) somewhere else, start a fresh node on the copy. A box enrolled on the old node
 * keeps working with the credential it has: it polls the same plan (same ETag: a 304) and reports.
 */
class BackupRestoreTest {

    private static final Duration STARTS_WITHIN = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private CmsProcess cms;

    @AfterEach
    void stop() throws InterruptedException {
        if (cms != null) {
            cms.close();
        }
    }

    @Test
    void aFreshNodeRestoredFromTheBackupAnswersTheBoxWithItsOldCredential() throws Exception {
        cms = CmsProcess.on(dir.resolve("node-a"), dir.resolve("node-a.log"));
        cms.start(STARTS_WITHIN);
        Api admin = cms.admin();
        String s = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String province = TestWorld.area(admin, "R" + s, "Tỉnh Khôi Phục " + s, "province", null);
        String commune = TestWorld.area(admin, "R" + s + "-A", "Xã Khôi Phục " + s, "commune", province);
        Api operator = TestWorld.user(admin, "kp" + s, "OPERATOR", commune);
        EnrolledDevice enrolled = EnrolledDevice.enrol(
                operator, Map.of("name", "Loa " + s, "areaId", commune, "tags", List.of()), cms.api());
        String credential = enrolled.credential();
        Api.Response before = cms.api().bearer(credential).get("/edge/v1/manifest");
        assertThat(before.status()).isEqualTo(200);
        String etag = before.headers().firstValue("ETag").orElseThrow();

        // Backup: stop the node, copy the data directory as a whole.
        cms.stop();
        Path backup = dir.resolve("backup");
        copy(dir.resolve("node-a"), backup);

        // Restore onto a fresh node: another directory, another port, nothing of node A's left running.
        Path restored = dir.resolve("node-b");
        copy(backup, restored);
        cms = CmsProcess.on(restored, dir.resolve("node-b.log"));
        cms.start(STARTS_WITHIN);
        Api box = cms.api().bearer(credential);
        assertThat(box.get("/edge/v1/manifest", "If-None-Match", etag).status())
                .as("the same plan, known by its ETag")
                .isEqualTo(304);
        assertThat(box.get("/edge/v1/manifest").status()).isEqualTo(200);
        Api.Response device =
                TestWorld.user(cms.admin(), "kq" + s, "VIEWER", commune).get("/api/v1/devices/" + enrolled.id());
        assertThat(device.status()).as(device.body()).isEqualTo(200);
        assertThat(device.json().get("status").get("enrolled").asBoolean()).isTrue();
        assertThat(cms.api()
                        .bearer("oled_not-a-real-credential-at-all-0000000000")
                        .get("/edge/v1/manifest")
                        .status())
                .isEqualTo(401);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
