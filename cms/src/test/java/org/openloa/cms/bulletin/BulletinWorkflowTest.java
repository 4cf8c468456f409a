package org.openloa.cms.bulletin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.AudioJobs;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestAudio;
import org.openloa.cms.TestWorld;
import tools.jackson.databind.JsonNode;

class BulletinWorkflowTest extends ServerTest {

    record Staff(Api editor, Api approver, Api editorApprover, Api approverB) {}

    Staff staff(TestWorld w) {
        return new Staff(
                TestWorld.user(admin, "bt" + w.suffix(), "EDITOR", w.communeAId()),
                TestWorld.user(admin, "pd" + w.suffix(), "APPROVER", w.provinceId()),
                user("btpd" + w.suffix(), List.of("EDITOR", "APPROVER"), w.communeAId()),
                TestWorld.user(admin, "pdb" + w.suffix(), "APPROVER", w.communeBId()));
    }

    Api user(String name, List<String> roles, String areaId) {
        assertThat(admin.post(
                                "/api/v1/users",
                                Map.of(
                                        "username",
                                        name,
                                        "password",
                                        TestWorld.PASSWORD,
                                        "roles",
                                        roles,
                                        "areaId",
                                        areaId))
                        .status())
                .isEqualTo(201);
        return admin.as(name, TestWorld.PASSWORD);
    }

    static String draft(Api editor, String title, String body) {
        Api.Response created = editor.post(
                "/api/v1/bulletins",
                Map.of("title", title, "category", "thong-bao-ubnd", "body", body, "priority", "NORMAL"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("id");
    }

    /** Uploads a tone and waits for the processing job; returns the finished job. */
    static JsonNode uploadAndWait(Api editor, String bulletinId, byte[] audio, String filename) {
        Api.Response accepted =
                editor.upload("/api/v1/bulletins/" + bulletinId + "/audio", "file", filename, audio, "audio/wav");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return AudioJobs.ended(editor, accepted.text("id"));
    }

    @Test
    void anEditorWritesAndUploadsAndAnApproverOfTheProvinceApproves() {
        TestWorld w = world();
        Staff s = staff(w);
        String id =
                draft(s.editor(), "Thông báo tiêm chủng " + w.suffix(), "Thứ Hai tuần sau trạm y tế xã tiêm vắc xin.");
        assertThat(s.editor().post("/api/v1/bulletins/" + id + "/submit", "{}").status())
                .isEqualTo(422);

        JsonNode job = uploadAndWait(s.editor(), id, TestAudio.toneWav(3, 0.05), "Bản tin sáng thứ hai.wav");
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("progress").asDouble()).isEqualTo(1.0);

        JsonNode bulletin = s.editor().get("/api/v1/bulletins/" + id).json();
        JsonNode audio = bulletin.get("audio");
        assertThat(audio.get("mimeType").asString()).isEqualTo("audio/mpeg");
        assertThat(audio.get("durationMs").asLong()).isBetween(2800L, 3300L);
        assertThat(audio.get("loudnessLufs").asDouble()).isBetween(-17.0, -15.0);
        assertThat(audio.get("originalFilename").asString()).isEqualTo("Bản tin sáng thứ hai.wav");

        Api.Response mp3 = s.editor().get("/api/v1/bulletins/" + id + "/audio");
        assertThat(mp3.status()).isEqualTo(200);
        assertThat(mp3.contentType()).isEqualTo("audio/mpeg");
        Api.Response part = s.editor().get("/api/v1/bulletins/" + id + "/audio", "Range", "bytes=0-99");
        assertThat(part.status()).isEqualTo(206);

        assertThat(s.editor().post("/api/v1/bulletins/" + id + "/submit", "{}").text("status"))
                .isEqualTo("SUBMITTED");
        assertThat(s.approver()
                        .post("/api/v1/bulletins/" + id + "/approve", "{}")
                        .text("status"))
                .isEqualTo("APPROVED");

        List<String> steps = s.editor()
                .get("/api/v1/bulletins/" + id + "/history")
                .json()
                .valueStream()
                .map(e -> e.get("action").asString() + ":" + e.get("actor").asString())
                .toList();
        assertThat(steps)
                .containsExactly(
                        "CREATED:bt" + w.suffix(),
                        "AUDIO_ATTACHED:bt" + w.suffix(),
                        "SUBMITTED:bt" + w.suffix(),
                        "APPROVED:pd" + w.suffix());
    }

    @Test
    void anAuthorCannotApproveTheirOwnBulletin() {
        TestWorld w = world();
        Staff s = staff(w);
        String id = submitted(s.editorApprover(), w, "Tự duyệt");
        Api.Response response = s.editorApprover().post("/api/v1/bulletins/" + id + "/approve", "{}");
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.text("code")).isEqualTo("own-bulletin");
    }

    @Test
    void anApproverOfAnotherCommuneDoesNotSeeTheBulletin() {
        TestWorld w = world();
        Staff s = staff(w);
        String id = submitted(s.editor(), w, "Xã khác");
        assertThat(s.approverB()
                        .post("/api/v1/bulletins/" + id + "/approve", "{}")
                        .status())
                .isEqualTo(404);
        assertThat(s.approverB().get("/api/v1/bulletins/" + id).status()).isEqualTo(404);
    }

    @Test
    void approvingTwiceIs409AndRejectingNeedsAReason() {
        TestWorld w = world();
        Staff s = staff(w);
        String id = submitted(s.editor(), w, "Duyệt hai lần");
        assertThat(s.approver()
                        .post("/api/v1/bulletins/" + id + "/reject", "{}")
                        .status())
                .isEqualTo(422);
        assertThat(s.approver()
                        .post("/api/v1/bulletins/" + id + "/reject", Map.of("reason", " "))
                        .status())
                .isEqualTo(422);
        assertThat(s.approver()
                        .post("/api/v1/bulletins/" + id + "/approve", "{}")
                        .status())
                .isEqualTo(200);
        Api.Response again = s.approver().post("/api/v1/bulletins/" + id + "/approve", "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aRejectionKeepsItsReasonAndTheEditorCanResubmit() {
        TestWorld w = world();
        Staff s = staff(w);
        String id = submitted(s.editor(), w, "Bị từ chối");
        assertThat(s.approver()
                        .post("/api/v1/bulletins/" + id + "/reject", Map.of("reason", "Sai ngày tiêm"))
                        .text("status"))
                .isEqualTo("REJECTED");
        JsonNode last = s.editor()
                .get("/api/v1/bulletins/" + id + "/history")
                .json()
                .valueStream()
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(last.get("reason").asString()).isEqualTo("Sai ngày tiêm");
        s.editor().patch("/api/v1/bulletins/" + id, Map.of("body", "Đã sửa ngày tiêm."));
        assertThat(s.editor().post("/api/v1/bulletins/" + id + "/submit", "{}").text("status"))
                .isEqualTo("SUBMITTED");
    }

    @Test
    void editingAnApprovedBulletinMakesANewDraftRevisionAndLeavesTheApprovedOneAlone() {
        TestWorld w = world();
        Staff s = staff(w);
        String id = submitted(s.editor(), w, "Phiên bản");
        s.approver().post("/api/v1/bulletins/" + id + "/approve", "{}");
        JsonNode approved = s.editor().get("/api/v1/bulletins/" + id).json();

        JsonNode revision = s.editor()
                .patch("/api/v1/bulletins/" + id, Map.of("title", "Phiên bản 2"))
                .json();
        assertThat(revision.get("id").asString()).isNotEqualTo(id);
        assertThat(revision.get("revision").asInt()).isEqualTo(2);
        assertThat(revision.get("status").asString()).isEqualTo("DRAFT");
        assertThat(revision.get("lineageId").asString())
                .isEqualTo(approved.get("lineageId").asString());

        JsonNode still = s.editor().get("/api/v1/bulletins/" + id).json();
        assertThat(still.get("status").asString()).isEqualTo("APPROVED");
        assertThat(still.get("title").asString())
                .isEqualTo(approved.get("title").asString());
        assertThat(still.get("audio").get("sha256").asString())
                .isEqualTo(approved.get("audio").get("sha256").asString());

        JsonNode newAudio =
                uploadAndWait(s.editor(), revision.get("id").asString(), TestAudio.toneWav(2, 0.3), "moi.wav");
        assertThat(newAudio.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(s.editor()
                        .get("/api/v1/bulletins/" + id)
                        .json()
                        .get("audio")
                        .get("sha256")
                        .asString())
                .isEqualTo(approved.get("audio").get("sha256").asString());
    }

    @Test
    void somethingThatIsNotAudioIsRefusedAndLeavesNothingBehind() throws IOException {
        TestWorld w = world();
        Staff s = staff(w);
        String id = draft(s.editor(), "Ảnh nhầm", "…");
        String filename = "anh-nham-" + w.suffix() + ".mp3";
        Api.Response refused = s.editor()
                .language("vi")
                .upload("/api/v1/bulletins/" + id + "/audio", "file", filename, TestAudio.png(), "audio/mpeg");
        assertThat(refused.status()).isEqualTo(415);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.text("detail")).contains("không phải âm thanh");
        assertThat(s.editor().get("/api/v1/bulletins/" + id).json().get("audio").isNull())
                .isTrue();
        assertThat(storedFilesNamed(filename)).isEmpty();

        Api.Response empty =
                s.editor().upload("/api/v1/bulletins/" + id + "/audio", "file", "rong.wav", new byte[0], "audio/wav");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.text("code")).isEqualTo("audio-empty");
    }

    @Test
    void aFileNameWithVietnameseLettersAndPathTricksIsStoredSafely() throws IOException {
        TestWorld w = world();
        Staff s = staff(w);
        String id = draft(s.editor(), "Tên tệp lạ", "…");
        String name = "../../Thông báo khẩn " + w.suffix() + ".wav";
        JsonNode job = uploadAndWait(s.editor(), id, TestAudio.toneWav(1.5, 0.2), name);
        assertThat(job.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(s.editor()
                        .get("/api/v1/bulletins/" + id)
                        .json()
                        .get("audio")
                        .get("originalFilename")
                        .asString())
                .isEqualTo("Thông báo khẩn " + w.suffix() + ".wav");
        Path root = Path.of("target/test-data/media").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.walk(root.getParent())) {
            List<Path> stored = files.filter(p -> p.getFileName().toString().contains(w.suffix()))
                    .toList();
            assertThat(stored).hasSize(1);
            assertThat(stored.get(0).toAbsolutePath().normalize()).startsWith(root.resolve("originals"));
            assertThat(stored.get(0).getFileName().toString()).doesNotContain("..", "/", " ");
        }
    }

    @Test
    void searchFindsTitlesAndBodiesWithoutDiacritics() {
        TestWorld w = world();
        Staff s = staff(w);
        String id = draft(
                s.editor(), "Thông báo lịch cắt điện " + w.suffix(), "Điện lực huyện sẽ cắt điện đường dây 22kV.");
        draft(s.editor(), "Tin nông nghiệp " + w.suffix(), "Phòng trừ sâu cuốn lá.");
        assertThat(ids(s.editor(), "thong bao " + w.suffix())).containsExactly(id);
        assertThat(ids(s.editor(), "DIEN LUC " + w.suffix())).containsExactly(id);
        assertThat(ids(s.editor(), "sau cuon " + w.suffix())).doesNotContain(id).hasSize(1);
        assertThat(ids(s.editor(), "dien luc")).contains(id);
        assertThat(ids(s.editor(), "cat dien")).contains(id);
        assertThat(w.operatorB()
                        .get("/api/v1/bulletins?q=" + w.suffix())
                        .json()
                        .get("total")
                        .asInt())
                .isZero();
    }

    @Test
    void nationalAdministratorsKeepTheCategoryList() {
        TestWorld w = world();
        String code = "an-ninh-" + w.suffix();
        assertThat(w.provinceAdmin()
                        .post(
                                "/api/v1/bulletins/categories",
                                Map.of("code", code, "nameVi", "An ninh trật tự", "nameEn", "Public order"))
                        .status())
                .isEqualTo(403);
        assertThat(admin.post(
                                "/api/v1/bulletins/categories",
                                Map.of("code", code, "nameVi", "An ninh trật tự", "nameEn", "Public order"))
                        .status())
                .isEqualTo(200);
        assertThat(w.operatorA()
                        .language("en")
                        .get("/api/v1/bulletins/categories")
                        .json()
                        .valueStream()
                        .map(c -> c.get("name").asString()))
                .contains("Public order", "Health");
        admin.post(
                "/api/v1/bulletins/categories",
                Map.of("code", code, "nameVi", "An ninh trật tự", "nameEn", "Public order", "active", false));
        assertThat(w.operatorA()
                        .get("/api/v1/bulletins/categories")
                        .json()
                        .valueStream()
                        .map(c -> c.get("code").asString()))
                .doesNotContain(code);
    }

    private static List<String> ids(Api caller, String q) {
        return caller.get(
                        "/api/v1/bulletins?q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8))
                .json()
                .get("bulletins")
                .valueStream()
                .map(b -> b.get("id").asString())
                .toList();
    }

    private static String submitted(Api editor, TestWorld w, String title) {
        String id = draft(editor, title + " " + w.suffix(), "Nội dung.");
        assertThat(uploadAndWait(editor, id, TestAudio.toneWav(1, 0.2), "tin.wav")
                        .get("state")
                        .asString())
                .isEqualTo("SUCCEEDED");
        assertThat(editor.post("/api/v1/bulletins/" + id + "/submit", "{}").status())
                .isEqualTo(200);
        return id;
    }

    private static List<Path> storedFilesNamed(String name) throws IOException {
        Path root = Path.of("target/test-data/media");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().contains(name.replace(".mp3", "")))
                    .toList();
        }
    }
}
