package org.openloa.cms.bulletin;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.BrowserTest;
import org.openloa.cms.TestAudio;
import org.openloa.cms.TestWorld;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 12, bugs 3, 4, 6, 7 and 8 (bulletins): what an editor and an approver tripped over on a bulletin's page.
 * The limits are small here (3 MB, one minute) so that files over them are quick to make and send.
 */
@TestPropertySource(
        properties = {
            "spring.servlet.multipart.max-file-size=3MB",
            "spring.servlet.multipart.max-request-size=3MB",
            "openloa.media.max-duration=1m"
        })
class BulletinBugsInTheBrowserTest extends BrowserTest {

    private static final double LONG = 90_000;

    private String draft(TestWorld w, String editor, String title) {
        Api.Response created = admin.as(editor, TestWorld.PASSWORD)
                .post(
                        "/api/v1/bulletins",
                        Map.of("title", title, "category", "y-te", "body", "Mời bà con đi tiêm phòng."));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("id");
    }

    @Test
    void aRecordingIsOfferedOnlyOnceMadeAndThePageSaysTheLoudnessThatGoesOut() throws Exception {
        TestWorld w = world();
        TestWorld.user(admin, "bt" + w.suffix(), "EDITOR", w.communeAId());
        String id = draft(w, "bt" + w.suffix(), "Ghi âm " + w.suffix());
        try (BrowserContext phone = phone()) {
            phone.grantPermissions(List.of("microphone"));
            Page page = logIn(phone, "bt" + w.suffix());
            page.navigate(baseUrl() + "/bulletins/" + id);
            assertThat(page.locator("#record-use").isVisible())
                    .as("nothing recorded yet")
                    .isFalse();

            page.click("#record-start");
            page.waitForTimeout(2200);
            page.click("#record-stop");
            page.locator("#record-use").waitFor();
            assertThat(page.locator("#record-use").isVisible()).isTrue();
            page.click("#record-use");
            page.locator("#preview").waitFor(new Locator.WaitForOptions().setTimeout(LONG));
            // Chromium's fake microphone beeps: short tones peaking at 0 dBFS, 20 dB above their loudness. They
            // are processed like any upload, but cannot reach the standard under the true-peak ceiling without
            // distorting: the page says what goes out, the standard, the source, and what to do.
            String recorded = page.locator("#loudness").innerText();
            assertThat(recorded)
                    .as("the recording's loudness line")
                    .matches("Âm lượng (chuẩn: −16 LUFS \\(bản gốc −[0-9,]+\\)"
                            + "|phát ra: −[0-9,]+ LUFS, nhỏ hơn mức chuẩn −16 LUFS \\(bản gốc −[0-9,]+\\): .+)");

            // An even recording (a tone) reaches the standard, and the page says so plainly.
            Path wav = Files.createTempFile("deu", ".wav");
            Files.write(wav, TestAudio.toneWav(4, 0.1));
            page.setInputFiles("#audio-file", wav);
            page.click("#upload-form button[type=submit]");
            page.waitForCondition(
                    () -> page.locator("#loudness").count() == 1
                            && page.locator("#loudness").innerText().startsWith("Âm lượng chuẩn"),
                    new Page.WaitForConditionOptions().setTimeout(LONG));
            assertThat(page.locator("#loudness").innerText())
                    .matches("Âm lượng chuẩn: −16 LUFS \\(bản gốc −[0-9]+(,[0-9])?\\)");
            page.navigate(baseUrl() + "/bulletins/" + id + "?lang=en");
            assertThat(page.locator("#loudness").innerText())
                    .matches("Standard loudness: −16 LUFS \\(original −[0-9]+(\\.[0-9])?\\)");
        }
    }

    @Test
    void filesOverTheLimitsSayTheLimitAndAnOldErrorGoesAwayOnTheNextUpload() throws Exception {
        TestWorld w = world();
        TestWorld.user(admin, "bt" + w.suffix(), "EDITOR", w.communeAId());
        String id = draft(w, "bt" + w.suffix(), "Quá giới hạn " + w.suffix());
        Path large = Files.createTempFile("lon", ".wav");
        Files.write(large, TestAudio.toneWav(80, 0.1)); // 3.5 MB
        Path long_ = Files.createTempFile("dai", ".wav");
        Files.write(long_, TestAudio.toneWav(65, 0.1)); // 2.9 MB, 65 s
        try (BrowserContext phone = phone()) {
            Page page = logIn(phone, "bt" + w.suffix());
            page.navigate(baseUrl() + "/bulletins/" + id);
            page.setInputFiles("#audio-file", large);
            page.click("#upload-form button[type=submit]");
            page.locator("#audio-error").waitFor();
            assertThat(page.locator("#audio-error").innerText()).isEqualTo("Tệp quá lớn: tối đa 3 MB.");

            // The next upload starts with a clean slate: the old error goes at once, a new one says the length.
            page.setInputFiles("#audio-file", long_);
            page.click("#upload-form button[type=submit]");
            assertThat(page.locator("#audio-error").isVisible()).isFalse();
            page.waitForCondition(
                    () -> page.locator("#audio-error").isVisible(),
                    new Page.WaitForConditionOptions().setTimeout(LONG));
            assertThat(page.locator("#audio-error").innerText()).isEqualTo("Âm thanh dài quá: tối đa 1 phút.");

            // The server says the same to whoever sends past the page's own check (problem+json, not Tomcat's page).
            String token = page.locator("meta[name=_csrf]").getAttribute("content");
            String header = page.locator("meta[name=_csrf_header]").getAttribute("content");
            APIResponse answer = page.request()
                    .post(
                            baseUrl() + "/bulletins/" + id + "/audio",
                            RequestOptions.create()
                                    .setHeader(header, token)
                                    .setHeader("Accept", "application/json")
                                    .setMultipart(FormData.create()
                                            .set(
                                                    "file",
                                                    new FilePayload(
                                                            "lon.wav", "audio/wav", Files.readAllBytes(large)))));
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
            assertThat(answer.text()).contains("Tệp quá lớn: tối đa 3 MB.");
            assertThat(page.locator("#preview").count()).isZero();
        }
    }

    @Test
    void anApproverSeesTheBulletinToReadNotAFormItCannotUse() {
        TestWorld w = world();
        TestWorld.user(admin, "bt" + w.suffix(), "EDITOR", w.communeAId());
        TestWorld.user(admin, "pd" + w.suffix(), "APPROVER", w.provinceId());
        String title = "Tiêm phòng " + w.suffix();
        String submitted =
                org.openloa.cms.broadcast.Scheduling.submittedBulletin(admin, w.communeAId(), title, 2, "NORMAL");
        String id = draft(w, "bt" + w.suffix(), "Nháp " + w.suffix());
        try (BrowserContext desktop = desktop()) {
            Page page = logIn(desktop, "pd" + w.suffix());
            page.navigate(baseUrl() + "/bulletins/" + submitted);
            assertThat(page.locator("#bulletin-read").innerText()).contains("Nội dung " + title);
            assertThat(page.locator("#approve").isVisible()).isTrue();
            assertThat(page.locator("#bulletin-form").count()).isZero();
            assertThat(page.locator("fieldset[disabled]").count()).isZero();
            assertThat(page.locator("button:text-is('Lưu')").count()).isZero();
            Object empty = page.evaluate(
                    "() => [...document.querySelectorAll('.card')]" + ".filter(c => c.innerText.trim() === '').length");
            assertThat(((Number) empty).intValue()).as("empty cards").isZero();
        }
        try (BrowserContext phone = phone()) {
            Page page = logIn(phone, "bt" + w.suffix());
            page.navigate(baseUrl() + "/bulletins/" + id);
            // The author still edits a draft.
            assertThat(page.locator("#bulletin-form button[type=submit]").isEnabled())
                    .isTrue();
            assertThat(page.locator("#bulletin-read").count()).isZero();
        }
    }

    @Test
    void deletingADraftAsksFirst() {
        TestWorld w = world();
        TestWorld.user(admin, "bt" + w.suffix(), "EDITOR", w.communeAId());
        String title = "Xoá thử " + w.suffix();
        String id = draft(w, "bt" + w.suffix(), title);
        for (String lang : List.of("vi", "en")) {
            try (BrowserContext phone = phone()) {
                Page page = logIn(phone, "bt" + w.suffix());
                page.navigate(baseUrl() + "/bulletins/" + id + "?lang=" + lang);
                page.click("#delete");
                Locator dialog = page.locator("dialog#confirm");
                dialog.waitFor();
                assertThat(dialog.isVisible()).isTrue();
                assertThat(dialog.innerText()).contains(lang.equals("vi") ? "Xoá bản nháp này?" : "Delete this draft?");
                page.click("#confirm-no");
                assertThat(dialog.isVisible()).isFalse();
                page.waitForTimeout(300);
                assertThat(page.url()).contains("/bulletins/" + id);
                assertThat(admin.as("bt" + w.suffix(), TestWorld.PASSWORD)
                                .get("/api/v1/bulletins/" + id)
                                .status())
                        .isEqualTo(200);
            }
        }
        try (BrowserContext phone = phone()) {
            Page page = logIn(phone, "bt" + w.suffix());
            page.navigate(baseUrl() + "/bulletins/" + id);
            page.click("#delete");
            page.click("#confirm-yes");
            page.waitForURL(baseUrl() + "/bulletins");
            assertThat(admin.as("bt" + w.suffix(), TestWorld.PASSWORD)
                            .get("/api/v1/bulletins/" + id)
                            .status())
                    .isEqualTo(404);
        }
    }
}
