package org.openloa.cms.bulletin;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.cms.BrowserTest;
import org.openloa.cms.TestAudio;
import org.openloa.cms.TestWorld;

class BulletinInTheBrowserTest extends BrowserTest {

    private static final double LONG = 90_000;

    @Test
    void anEditorWritesRecordsAndSubmitsAndAnApproverApprovesOnAPhone() throws Exception {
        TestWorld w = world();
        TestWorld.user(admin, "bt" + w.suffix(), "EDITOR", w.communeAId());
        TestWorld.user(admin, "pd" + w.suffix(), "APPROVER", w.provinceId());
        try (BrowserContext phone = phone()) {
            phone.grantPermissions(List.of("microphone"));
            Page page = logIn(phone, "bt" + w.suffix());
            page.navigate(baseUrl() + "/bulletins/new");
            page.fill("input[name=title]", "Thông báo họp dân " + w.suffix());
            page.fill("textarea[name=body]", "Mời bà con thôn Một đến nhà văn hoá lúc bảy giờ tối nay.");
            page.click("#bulletin-form button[type=submit]");
            page.waitForURL("**/bulletins/*");
            assertThat(page.locator("#bulletin-status").textContent()).isEqualTo("Bản nháp");

            // Record two seconds from Chromium's fake microphone, listen, use it.
            page.click("#record-start");
            page.waitForTimeout(2200);
            page.click("#record-stop");
            page.locator("#record-use").waitFor();
            page.click("#record-use");
            page.locator("#preview").waitFor(new Locator.WaitForOptions().setTimeout(LONG));
            assertThat(page.locator("#audio-section").innerText())
                    .contains("LUFS", "Âm thanh MP3", "Bản ghi âm trên trình duyệt");
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("bulletin-phone.png"))
                    .setFullPage(true));

            // Replace it with an uploaded file, watching the progress.
            Path wav = Files.createTempFile("ban-tin", ".wav");
            Files.write(wav, TestAudio.toneWav(4, 0.1));
            page.setInputFiles("#audio-file", wav);
            page.click("#upload-form button[type=submit]");
            page.waitForLoadState();
            page.locator("#preview").waitFor(new Locator.WaitForOptions().setTimeout(LONG));
            page.waitForCondition(
                    () -> page.locator("#history").innerText().split("Gắn âm thanh", -1).length == 3,
                    new Page.WaitForConditionOptions().setTimeout(LONG));

            page.click("#submit");
            page.waitForURL("**/bulletins/*?done=submit");
            assertThat(page.locator("#bulletin-status").textContent()).isEqualTo("Chờ duyệt");
        }
        try (BrowserContext desktop = desktop()) {
            Page page = logIn(desktop, "pd" + w.suffix());
            page.navigate(baseUrl() + "/bulletins?status=SUBMITTED");
            page.click("text=Thông báo họp dân " + w.suffix());
            page.click("#reject");
            assertThat(page.url()).doesNotContain("done=reject"); // the reason is required by the form
            page.click("#approve");
            page.waitForURL("**/bulletins/*?done=approve");
            assertThat(page.locator("#bulletin-status").textContent()).isEqualTo("Đã duyệt");
            assertThat(page.locator("#history").innerText()).contains("Phê duyệt", "pd" + w.suffix(), "Gửi duyệt");
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("bulletin-approved.png"))
                    .setFullPage(true));
        }
    }

    @Test
    void aFileThatIsNotAudioIsExplainedOnThePage() throws Exception {
        TestWorld w = world();
        TestWorld.user(admin, "bt" + w.suffix(), "EDITOR", w.communeAId());
        String id = admin.as("bt" + w.suffix(), TestWorld.PASSWORD)
                .post("/api/v1/bulletins", Map.of("title", "Ảnh nhầm", "category", "y-te"))
                .text("id");
        try (BrowserContext phone = phone()) {
            Page page = logIn(phone, "bt" + w.suffix());
            page.navigate(baseUrl() + "/bulletins/" + id);
            Path png = Files.createTempFile("anh", ".mp3");
            Files.write(png, TestAudio.png());
            page.setInputFiles("#audio-file", png);
            page.click("#upload-form button[type=submit]");
            page.locator("#audio-error").waitFor();
            assertThat(page.locator("#audio-error").textContent()).contains("không phải âm thanh");
            assertThat(page.locator("#preview").count()).isZero();
        }
    }
}
