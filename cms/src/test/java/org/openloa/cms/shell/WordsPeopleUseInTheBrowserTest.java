package org.openloa.cms.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.AudioJobs;
import org.openloa.cms.BrowserTest;
import org.openloa.cms.TestWorld;
import org.openloa.cms.audit.AuditAction;
import org.openloa.cms.broadcast.Scheduling;

/**
 * Issue 12, items 9–12: the words a commune officer reads and types. Times as people write them ("17h"), an
 * audit log in words, a level chosen from a list, and a bulletin's audio without engineering words.
 */
class WordsPeopleUseInTheBrowserTest extends BrowserTest {

    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    @Test
    void anOperatorOnAPhoneTypesSeventeenHAndSeesOneErrorBesideTheFieldForTwentyFiveH() {
        TestWorld w = world();
        LocalDate tomorrow = LocalDate.now(VIETNAM).plusDays(1);
        try (BrowserContext phone = phone()) {
            Page page = logIn(phone, "opa" + w.suffix());
            page.navigate(baseUrl() + "/broadcasts/new");
            page.fill("input[name=title]", "Tiếp sóng buổi chiều " + w.suffix());
            page.fill("input[name=streamUrl]", "https://radio.example.vn/live.mp3");
            page.fill("input[name=slotMinutes]", "10");
            page.fill("input[name=times]", "17h");
            page.fill("input[name=startDate]", tomorrow.toString());
            page.fill("input[name=endDate]", tomorrow.plusDays(6).toString());
            page.click("#broadcast-form button[type=submit]");
            page.waitForURL(url -> url.contains("/broadcasts/") && url.endsWith("?saved"));
            assertThat(page.inputValue("input[name=times]")).isEqualTo("17:00");

            // The preview names the field as the form labels it, not as the API does.
            page.fill("input[name=times]", "25h");
            page.click("#preview-button");
            page.locator("#preview .alert.error").waitFor();
            assertThat(page.locator("#preview").innerText())
                    .contains("Giờ phát: \"25h\" không phải là giờ trong ngày")
                    .doesNotContain("schedule.");

            page.click("#broadcast-form button[type=submit]");
            page.locator("#times-error").waitFor();
            assertThat(page.locator("#times-error").innerText())
                    .isEqualTo("\"25h\" không phải là giờ trong ngày: giờ chỉ từ 0 đến 23 (ví dụ 6h30, 17h).");
            // Said once, beside the field: not again above the form, and no technical name anywhere.
            String said = String.join(
                    "\n", page.locator("#broadcast-form [role=alert]").allInnerTexts());
            assertThat(occurrences(said, "25h")).isEqualTo(1);
            assertThat(page.locator("main").innerText()).doesNotContain("schedule.times");
            assertThat(page.inputValue("input[name=times]")).isEqualTo("25h");
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("broadcast-time-error-phone.png"))
                    .setFullPage(true));
        }
    }

    @Test
    void theAuditLogSpeaksVietnameseAndEnglishAndOffersEveryAction() {
        TestWorld w = world();
        Scheduling.create(
                w.operatorA(),
                Scheduling.relaying(
                        "PT10M",
                        List.of(w.communeAId()),
                        Scheduling.weekdays(Scheduling.day(20), Scheduling.day(26), "6h30")));
        try (BrowserContext desktop = desktop()) {
            Page page = logIn(desktop, "padmin" + w.suffix());
            page.navigate(baseUrl() + "/audit?lang=en");
            String en = page.locator("#audit-events").innerText();
            assertThat(en)
                    .contains("Broadcast created", "(Normal, Active)", "Logged in", "with username and password")
                    .doesNotContain("BROADCAST_CREATED", "[NORMAL")
                    .doesNotContainPattern("\\bLOGIN\\b")
                    .doesNotContainPattern("\\bform\\b");
            assertThat(Pattern.compile("\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}:\\d{2}")
                            .matcher(en)
                            .find())
                    .isTrue();
            assertThat(en).doesNotContainPattern("\\d{2}:\\d{2}:\\d{2}\\.\\d");
            assertThat(page.locator("select[name=action] option").count()).isEqualTo(AuditAction.values().length + 1);
            assertThat(page.locator("select[name=action]").innerText())
                    .contains("Bulletin approved", "Emergency raised", "Device enrolled");

            page.navigate(baseUrl() + "/audit?lang=vi");
            assertThat(page.locator("#audit-events").innerText())
                    .contains("Tạo lịch phát", "(Thông thường, Đang áp dụng)", "bằng tên đăng nhập và mật khẩu");
            assertThat(page.locator("select[name=action]").innerText()).contains("Duyệt bản tin");
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("audit-desktop.png"))
                    .setFullPage(true));
        }
    }

    @Test
    void aNationalAdministratorAddsALevelAndTheAreaFormOffersLevelsAsAChoice() {
        TestWorld w = world();
        String code = "ap-" + w.suffix();
        try (BrowserContext desktop = desktop()) {
            Page page = logInAsNationalAdmin(desktop);
            page.navigate(baseUrl() + "/areas/new");
            assertThat(page.locator("select[name=kind]").inputValue()).isEmpty();
            assertThat(page.locator("select[name=kind] option").allInnerTexts())
                    .contains("Tỉnh", "Xã", "Thôn", "Phường", "Đặc khu");

            page.navigate(baseUrl() + "/areas");
            page.fill("#level-form input[name=code]", code);
            page.fill("#level-form input[name=nameVi]", "Ấp " + w.suffix());
            page.fill("#level-form input[name=nameEn]", "Hamlet " + w.suffix());
            page.click("#level-form button[type=submit]");
            page.waitForURL(url -> url.contains("/areas?saved"));
            assertThat(page.locator("#level-list").innerText())
                    .contains("Ấp " + w.suffix() + " / Hamlet " + w.suffix());

            // The same code again is refused beside the field, and nothing typed is lost.
            page.fill("#level-form input[name=code]", code);
            page.fill("#level-form input[name=nameVi]", "Ấp khác");
            page.fill("#level-form input[name=nameEn]", "Other");
            page.click("#level-form button[type=submit]");
            assertThat(page.locator("#level-form [role=alert]").innerText()).contains("Đã có một cấp mang mã");
            assertThat(page.inputValue("#level-form input[name=nameVi]")).isEqualTo("Ấp khác");

            page.navigate(baseUrl() + "/areas/new");
            page.fill("input[name=code]", "AP" + w.suffix());
            page.fill("input[name=name]", "Ấp Một " + w.suffix());
            page.selectOption("select[name=kind]", code);
            page.selectOption("select[name=parentId]", w.communeAId());
            page.click("#area-form button[type=submit]");
            page.waitForURL(url -> url.contains("/areas?saved"));
            assertThat(page.locator("li[data-code='AP" + w.suffix() + "'] .chip")
                            .innerText())
                    .isEqualTo("Ấp " + w.suffix());
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("area-levels-desktop.png"))
                    .setFullPage(true));
        }
        // Only a national administrator adds levels: a province's does not see the section.
        try (BrowserContext desktop = desktop()) {
            Page page = logIn(desktop, "padmin" + w.suffix());
            page.navigate(baseUrl() + "/areas");
            assertThat(page.locator("#levels").count()).isZero();
        }
        // The API takes the level's code and refuses one that does not exist, naming the field.
        assertThat(admin.get("/api/v1/areas/levels").body()).contains("\"commune\"", "\"" + code + "\"");
        Api.Response unknown = w.provinceAdmin()
                .post(
                        "/api/v1/areas",
                        Map.of(
                                "code",
                                "X" + w.suffix(),
                                "name",
                                "Vùng lạ",
                                "kind",
                                "nope",
                                "parentId",
                                w.communeAId()));
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(422);
        assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("kind");
        assertThat(w.provinceAdmin().get("/api/v1/areas").body()).doesNotContain("X" + w.suffix());
    }

    @Test
    void anEditorReadsTheAudioInPlainWords() {
        TestWorld w = world();
        Api editor = TestWorld.user(admin, "bt" + w.suffix(), "EDITOR", w.communeAId());
        String id = editor.post(
                        "/api/v1/bulletins",
                        Map.of(
                                "title", "Lịch tiêm chủng",
                                "category", "y-te",
                                "body", "Ủy ban nhân dân xã thông báo lịch tiêm chủng.",
                                "areaId", w.communeAId()))
                .text("id");
        Api.Response speech = editor.post("/api/v1/bulletins/" + id + "/tts", Map.of("voice", "vi", "rate", 160));
        assertThat(speech.status()).as(speech.body()).isEqualTo(202);
        AudioJobs.succeeded(editor, speech.text("id"));
        try (BrowserContext desktop = desktop()) {
            Page page = logIn(desktop, "bt" + w.suffix());
            page.navigate(baseUrl() + "/bulletins/" + id);
            String audio = page.locator("#audio-section .preview").innerText();
            assertThat(audio)
                    .contains("Âm thanh MP3", "Giọng đọc tự động", "Âm lượng", "LUFS")
                    .doesNotContain("audio/", "tts-", ".wav");
            page.navigate(baseUrl() + "/bulletins/" + id + "?lang=en");
            assertThat(page.locator("#audio-section .preview").innerText())
                    .contains("MP3 audio", "Automatic voice", "loudness", "LUFS");
        }
    }

    private Page logInAsNationalAdmin(BrowserContext context) {
        Page page = context.newPage();
        page.navigate(baseUrl() + "/login");
        page.fill("input[name=username]", "admin");
        page.fill("input[name=password]", ADMIN_PASSWORD);
        page.click("button[type=submit]");
        page.waitForURL(baseUrl() + "/");
        return page;
    }

    private static int occurrences(String text, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
