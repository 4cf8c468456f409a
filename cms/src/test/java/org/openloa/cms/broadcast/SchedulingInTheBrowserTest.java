package org.openloa.cms.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openloa.cms.BrowserTest;
import org.openloa.cms.TestWorld;

/** A commune operator on a phone: devices, a broadcast previewed before saving, the calendar, the inbox. */
class SchedulingInTheBrowserTest extends BrowserTest {

    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    @Test
    void anOperatorOnAPhoneAddsADevicePlansABroadcastAndSeesItInTheCalendarAndTheDevicesDay() {
        TestWorld w = world();
        String title = "Thông báo lịch tiêm " + w.suffix();
        String news = Scheduling.approvedBulletin(admin, w.communeAId(), title, 2, "NORMAL");
        LocalDate tomorrow = LocalDate.now(VIETNAM).plusDays(1);
        try (BrowserContext phone = phone()) {
            Page page = logIn(phone, "opa" + w.suffix());

            page.navigate(baseUrl() + "/devices/new");
            page.fill("input[name=name]", "Loa chợ thôn 1");
            page.selectOption("select[name=areaId]", w.villageAId());
            page.fill("input[name=tags]", "Chợ, trường học");
            page.click("main form button[type=submit]");
            // The new device's page, with its one-time enrolment code (DevicesInTheBrowserTest covers that part).
            page.waitForURL(url -> url.matches(".*/devices/[0-9a-f-]{36}$"));
            page.navigate(baseUrl() + "/devices");
            assertThat(page.locator("#devices").innerText())
                    .contains("Loa chợ thôn 1", "chợ", "trường-học", "Chưa đăng ký");
            String device = page.locator("#devices [data-id]").first().getAttribute("data-id");
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("devices-phone.png"))
                    .setFullPage(true));

            page.navigate(baseUrl() + "/broadcasts/new");
            page.check("input[name=bulletinIds][value='" + news + "']");
            assertThat(page.isChecked("input[name=targetAreaIds][value='" + w.communeAId() + "']"))
                    .isTrue();
            page.fill("input[name=times]", "06:00, 17:30");
            page.fill("input[name=startDate]", tomorrow.toString());
            page.fill("input[name=endDate]", tomorrow.plusDays(6).toString());
            page.click("#preview-button");
            page.locator("#next-occurrences li").first().waitFor();
            String first = page.locator("#next-occurrences li").first().innerText();
            assertThat(first)
                    .contains(
                            DateTimeFormatter.ofPattern("dd/MM/yyyy").format(tomorrow) + " 06:00", "Asia/Ho_Chi_Minh");
            assertThat(page.locator("#next-occurrences li").count()).isEqualTo(10);
            assertThat(page.locator("#preview").innerText()).contains("Không có xung đột");
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("broadcast-form-phone.png"))
                    .setFullPage(true));
            page.click("#broadcast-form button[type=submit]");
            page.waitForURL(url -> url.contains("/broadcasts/") && url.endsWith("?saved"));
            assertThat(page.locator("h1").innerText()).isEqualTo(title);

            page.navigate(baseUrl() + "/calendar");
            assertThat(page.locator("h1").innerText()).contains("Lịch phát thanh");
            for (int i = 0; i < 2 && page.locator(".fc-event").count() == 0; i++) {
                page.waitForTimeout(1500);
                if (page.locator(".fc-event").count() == 0) {
                    page.click(".fc-next-button");
                }
            }
            page.locator(".fc-event").first().waitFor();
            assertThat(page.locator(".fc-list").innerText()).contains("06:00", title);
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("calendar-phone.png"))
                    .setFullPage(true));

            page.navigate(baseUrl() + "/devices/" + device + "/plan?day=" + tomorrow);
            assertThat(page.locator("#plan-items").innerText()).contains("06:00–06:00:0", "17:30–17:30:0", title);
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("device-day-phone.png"))
                    .setFullPage(true));
        }
    }

    @Test
    void theFormShowsTheConflictsAndTheRuleBrokenBeforeSaving() {
        TestWorld w = world();
        LocalDate day = LocalDate.now(VIETNAM).plusDays(3);
        Scheduling.create(
                w.operatorA(),
                Scheduling.relaying("PT30M", List.of(w.communeAId()), Scheduling.once(day + "T07:00:00+07:00")));
        try (BrowserContext desktop = desktop()) {
            Page page = logIn(desktop, "opa" + w.suffix());
            page.navigate(baseUrl() + "/broadcasts/new?lang=en");
            page.fill("input[name=streamUrl]", "https://radio.example.vn/live.mp3");
            page.fill("input[name=slotMinutes]", "20");
            page.check("input[name=scheduleType][value=ONCE]");
            page.fill("input[name=at]", day + "T07:10");
            page.click("#preview-button");
            page.locator("#conflicts li").first().waitFor();
            assertThat(page.locator("#conflicts").innerText()).contains("07:10", "follows");

            page.check("input[name=scheduleType][value=RECURRING]");
            page.fill("input[name=times]", "06:00");
            page.fill("input[name=startDate]", day.plusDays(5).toString());
            page.fill("input[name=endDate]", day.toString());
            page.click("#preview-button");
            // Wait for this preview's own message: the conflicts of the previous preview are an alert too.
            page.locator(
                            "#preview .alert.error",
                            new Page.LocatorOptions().setHasText("The end lies before the start."))
                    .waitFor();
            assertThat(page.locator("#preview").innerText()).contains("The end lies before the start.");
            page.click("#broadcast-form button[type=submit]");
            assertThat(page.locator("#endDate-error").innerText()).contains("The end lies before the start.");
            assertThat(page.inputValue("input[name=times]")).isEqualTo("06:00");
        }
    }

    @Test
    void aCommuneOperatorAcceptsProvinceContentFromTheInbox() {
        TestWorld w = world();
        String id = Scheduling.create(
                        w.provinceAdmin(),
                        Scheduling.relaying(
                                "PT15M",
                                List.of(w.communeAId(), w.communeBId()),
                                Scheduling.once(Scheduling.at(2, "19:00"))))
                .get("id")
                .asString();
        try (BrowserContext phone = phone()) {
            Page page = logIn(phone, "opa" + w.suffix());
            page.navigate(baseUrl() + "/broadcasts/inbox");
            assertThat(page.locator("#inbox").innerText())
                    .contains("Chờ quyết định", "Xã An " + w.suffix())
                    .doesNotContain("Xã Bình " + w.suffix());
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("inbox-phone.png"))
                    .setFullPage(true));
            page.click("section[data-broadcast='" + id + "'] button.primary");
            page.waitForURL(baseUrl() + "/broadcasts/inbox?saved");
            assertThat(page.locator("section[data-broadcast='" + id + "'] .offer-state")
                            .innerText())
                    .isEqualTo("Đã nhận");
        }
        assertThat(w.operatorA()
                        .get("/api/v1/broadcasts/" + id)
                        .json()
                        .get("offers")
                        .get(0)
                        .get("state")
                        .asString())
                .isEqualTo("ACCEPTED");
        assertThat(w.operatorB()
                        .get("/api/v1/broadcasts/" + id)
                        .json()
                        .get("offers")
                        .get(0)
                        .get("state")
                        .asString())
                .isEqualTo("PENDING");
    }

    @Test
    void theDashboardCountsMissedPlays() {
        TestWorld w = world();
        try (BrowserContext phone = phone()) {
            Page page = logIn(phone, "opa" + w.suffix());
            assertThat(page.locator("#missed-play-count").innerText()).isEqualTo("0");
            page.click("#missed-play-count");
            page.waitForURL(baseUrl() + "/devices/missed");
            assertThat(page.locator("h1").innerText()).contains("bỏ lỡ");
        }
    }
}
