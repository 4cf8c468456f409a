package org.openloa.cms.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.AudioJobs;
import org.openloa.cms.BrowserTest;
import org.openloa.cms.TestAudio;
import org.openloa.cms.TestWorld;

/**
 * The bell and the page on a phone: after an editor submits, the approver's header shows 1, the page lists the
 * bulletin (in Vietnamese, and in English on switching), opening it goes to the bulletin and the count drops; the
 * choices page keeps what was ticked and says beside the field when an address is wrong.
 */
class NotificationsInTheBrowserTest extends BrowserTest {

    @Test
    void theBellCountsASubmissionAndThePageListsIt() {
        TestWorld w = world();
        Api editor = TestWorld.user(admin, "ed" + w.suffix(), "EDITOR", w.communeAId());
        TestWorld.user(admin, "ap" + w.suffix(), "APPROVER", w.communeAId());
        String title = "Tiêm phòng dại " + w.suffix();
        String id = submitted(editor, title);

        try (BrowserContext phone = phone()) {
            Page page = logIn(phone, "ap" + w.suffix());
            assertThat(page.locator("#bell").isVisible())
                    .as("visible without opening the menu")
                    .isTrue();
            assertThat(page.locator("#bell .bell-count").textContent()).isEqualTo("1");
            assertThat(page.locator("#bell").getAttribute("aria-label")).isEqualTo("Thông báo: 1 chưa đọc");

            page.click("#bell");
            page.waitForURL(baseUrl() + "/notifications");
            assertThat(page.locator(".notification.unread").count()).isEqualTo(1);
            assertThat(page.locator(".notification .card-title").textContent())
                    .isEqualTo("Bản tin \"" + title + "\" chờ anh/chị duyệt");
            assertThat((Boolean) page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("nothing sticks out sideways on a 390 px phone")
                    .isTrue();
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("notifications-phone.png")));

            page.navigate(baseUrl() + "/notifications?lang=en");
            assertThat(page.locator(".notification .card-title").textContent())
                    .isEqualTo("Bulletin \"" + title + "\" waits for your approval");

            page.click(".notification .card-title");
            page.waitForURL(baseUrl() + "/bulletins/" + id);
            assertThat(page.locator("#bell .bell-count").count())
                    .as("read on opening")
                    .isZero();
            page.navigate(baseUrl() + "/notifications");
            assertThat(page.locator(".notification.unread").count()).isZero();
            assertThat(page.locator("#read-all").count()).isZero();
        }
    }

    @Test
    void choicesAreKeptAndABadAddressIsSaidBesideTheField() {
        TestWorld w = world();
        TestWorld.user(admin, "ap" + w.suffix(), "APPROVER", w.communeAId());
        try (BrowserContext desktop = desktop()) {
            Page page = logIn(desktop, "ap" + w.suffix());
            page.navigate(baseUrl() + "/account");
            page.click("#notification-preferences");
            page.waitForURL(baseUrl() + "/notifications/preferences");
            assertThat(page.locator("input[name=enabled]").count())
                    .as("an approver's one kind")
                    .isEqualTo(1);
            // one the browser lets through (type=email) but is no address a mail server delivers to
            page.fill("input[name=email]", "ap@xa-an");
            page.uncheck("input[name=enabled][value=BULLETIN_SUBMITTED]");
            page.click("form.form button[type=submit]");
            page.locator("#email-error").waitFor();
            assertThat(page.locator("#email-error").textContent()).isEqualTo("Địa chỉ e-mail không hợp lệ.");
            assertThat(page.locator(".field-error").count()).as("said once").isEqualTo(1);

            page.fill("input[name=email]", "ap" + w.suffix() + "@xa-an.gov.vn");
            page.click("form.form button[type=submit]");
            page.locator(".alert.ok").waitFor();
            page.navigate(baseUrl() + "/notifications/preferences");
            assertThat(page.inputValue("input[name=email]")).isEqualTo("ap" + w.suffix() + "@xa-an.gov.vn");
            assertThat(page.isChecked("input[name=enabled][value=BULLETIN_SUBMITTED]"))
                    .isFalse();
        }
        Api approver = admin.as("ap" + w.suffix(), TestWorld.PASSWORD);
        assertThat(approver.get("/api/v1/notifications/preferences")
                        .json()
                        .get("kinds")
                        .get(0)
                        .get("enabled")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void anAreaAdministratorSetsTheWebhookAndTheSecretIsNeverShownBack() {
        TestWorld w = world();
        String secret = "bi-mat-cua-xa-an-" + w.suffix();
        try (BrowserContext phone = phone()) {
            Page page = logIn(phone, "adma" + w.suffix());
            page.navigate(baseUrl() + "/notifications");
            page.click("a[href='/notifications/webhook']");
            page.waitForURL(baseUrl() + "/notifications/webhook");
            page.fill("input[name=url]", "https://chat.example.vn/hook");
            page.click("main form[method=post] button.primary");
            page.locator("#secret-error").waitFor();
            assertThat(page.locator("#secret-error").textContent()).contains("khoá bí mật");
            page.fill("input[name=secret]", secret);
            page.click("main form[method=post] button.primary");
            page.locator(".alert.ok").waitFor();
            assertThat(page.content()).doesNotContain(secret);
            assertThat(page.inputValue("input[name=url]")).isEqualTo("https://chat.example.vn/hook");
            assertThat((Boolean) page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                    .isTrue();
        }
        assertThat(w.adminA()
                        .get("/api/v1/notifications/webhooks/" + w.communeAId())
                        .json()
                        .get("url")
                        .asString())
                .isEqualTo("https://chat.example.vn/hook");
        assertThat(w.operatorA()
                        .get("/api/v1/notifications/webhooks/" + w.communeAId())
                        .status())
                .as("an operator sets no webhook")
                .isEqualTo(403);
    }

    private static String submitted(Api editor, String title) {
        Api.Response created = editor.post(
                "/api/v1/bulletins",
                Map.of("title", title, "category", "thong-bao-ubnd", "body", "Nội dung", "priority", "NORMAL"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.text("id");
        Api.Response upload = editor.upload(
                "/api/v1/bulletins/" + id + "/audio", "file", "tin.wav", TestAudio.toneWav(1.0, 0.1), "audio/wav");
        assertThat(upload.status()).as(upload.body()).isEqualTo(202);
        AudioJobs.succeeded(editor, upload.text("id"));
        assertThat(editor.post("/api/v1/bulletins/" + id + "/submit", "{}").status())
                .isEqualTo(200);
        return id;
    }
}
