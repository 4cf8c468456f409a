package org.openloa.cms.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.cms.BrowserTest;
import org.openloa.cms.TestWorld;
import org.openloa.cms.broadcast.Scheduling;

/**
 * Issue 12, bugs 1, 2, 5 and 8 (devices, favicon): what a commune officer tripped over on the calendar, the
 * broadcast list and the device pages, on a 390x844 phone and a desktop, in Vietnamese and English.
 */
class OfficerBugsInTheBrowserTest extends BrowserTest {

    /** 23:07 on Thursday in UTC is 06:07 on Friday in Vietnam: the dates differ. */
    private static final Instant THURSDAY_NIGHT_UTC = Instant.parse("2027-03-11T23:07:00Z");

    private static final String FRIDAY_IN_VIETNAM = "2027-03-12";

    /** The contrast ratio (WCAG) of an element's text against the first opaque background behind it. */
    private static final String CONTRAST = """
            el => {
              const rgb = s => s.match(/[\\d.]+/g).map(Number);
              const lum = c => {
                const a = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                return 0.2126 * a[0] + 0.7152 * a[1] + 0.0722 * a[2];
              };
              const text = el.querySelector('a') || el;
              const fg = rgb(getComputedStyle(text).color);
              let bg = [255, 255, 255];
              for (let n = text; n; n = n.parentElement) {
                const c = rgb(getComputedStyle(n).backgroundColor);
                if (c.length < 4 || c[3] > 0) { bg = c; break; }
              }
              const l1 = lum(fg), l2 = lum(bg);
              return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
            }
            """;

    private BrowserContext phoneIn(String timezone) {
        return browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(390, 844)
                .setDeviceScaleFactor(2)
                .setIsMobile(true)
                .setHasTouch(true)
                .setLocale("en-US")
                .setTimezoneId(timezone));
    }

    private BrowserContext desktopIn(String timezone) {
        return browser.newContext(
                new Browser.NewContextOptions().setViewportSize(1280, 800).setTimezoneId(timezone));
    }

    @Test
    void theCalendarShowsEmergenciesInItsListAndTodayInTheAreasZone() {
        TestWorld w = world();
        Scheduling.device(w.operatorA(), w.villageAId(), "Loa chợ " + w.suffix());
        Map<String, Object> emergency = Scheduling.relaying(
                "PT10M", List.of(w.communeAId()), Scheduling.once(FRIDAY_IN_VIETNAM + "T07:00:00+07:00"));
        emergency.put("priority", "EMERGENCY");
        emergency.put("title", "Bão số 3 " + w.suffix());
        Scheduling.create(w.operatorA(), emergency);
        Map<String, Object> normal = Scheduling.relaying(
                "PT10M", List.of(w.communeAId()), Scheduling.once(FRIDAY_IN_VIETNAM + "T17:00:00+07:00"));
        normal.put("title", "Thời sự " + w.suffix());
        Scheduling.create(w.operatorA(), normal);

        for (String timezone : List.of("UTC", "Asia/Ho_Chi_Minh")) {
            for (String lang : List.of("vi", "en")) {
                try (BrowserContext context = phoneIn(timezone)) {
                    Page page = logIn(context, "opa" + w.suffix());
                    page.clock().setFixedTime(THURSDAY_NIGHT_UTC.toEpochMilli());
                    page.navigate(baseUrl() + "/calendar?areaId=" + w.communeAId() + "&date=" + FRIDAY_IN_VIETNAM
                            + "&lang=" + lang);
                    Locator row = page.locator(".fc-list-event.prio-EMERGENCY .fc-list-event-title");
                    row.first().waitFor();
                    assertThat(page.locator(".fc-list").innerText()).contains("Bão số 3 " + w.suffix());
                    double contrast = ((Number) row.first().evaluate(CONTRAST)).doubleValue();
                    assertThat(contrast)
                            .as("emergency text on the list view, %s %s", timezone, lang)
                            .isGreaterThanOrEqualTo(4.5);
                    double normalContrast = ((Number) page.locator(".fc-list-event.prio-NORMAL .fc-list-event-title")
                                    .first()
                                    .evaluate(CONTRAST))
                            .doubleValue();
                    assertThat(normalContrast).isGreaterThanOrEqualTo(4.5);
                    assertThat(page.locator(".fc-day-today").first().getAttribute("data-date"))
                            .as("today in %s with the browser in %s", "Asia/Ho_Chi_Minh", timezone)
                            .isEqualTo(FRIDAY_IN_VIETNAM);
                    if (timezone.equals("UTC") && lang.equals("vi")) {
                        page.screenshot(new Page.ScreenshotOptions()
                                .setPath(SCREENSHOTS.resolve("calendar-list-phone.png"))
                                .setFullPage(true));
                    }
                }
            }
            try (BrowserContext context = desktopIn(timezone)) {
                Page page = logIn(context, "opa" + w.suffix());
                page.clock().setFixedTime(THURSDAY_NIGHT_UTC.toEpochMilli());
                // Without a date the calendar opens on the area's today, wherever the computer is.
                page.navigate(baseUrl() + "/calendar?areaId=" + w.communeAId());
                page.locator(".fc-timegrid .fc-day-today").first().waitFor();
                assertThat(page.locator(".fc-timegrid-col.fc-day-today").getAttribute("data-date"))
                        .isEqualTo(FRIDAY_IN_VIETNAM);
                page.locator(".fc-event.prio-EMERGENCY").first().waitFor();
            }
        }
    }

    @Test
    void theBroadcastListSaysWhatEndedTellsPrioritiesApartAndFitsAPhone() {
        TestWorld w = world();
        // An urgent one-off may start a minute in the past: its ten-second slot is over, its late window is not
        // (the server ends it, and so says ENDED, only when that window is over too).
        String at = OffsetDateTime.now(ZoneOffset.ofHours(7))
                .minusSeconds(40)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        Map<String, Object> over = Scheduling.relaying("PT10S", List.of(w.communeAId()), Scheduling.once(at));
        over.put("priority", "PRIORITY");
        // As a recording gets by default: a box that was offline may still play it for half an hour.
        over.put("maxDelay", "PT30M");
        over.put("title", "Đã phát xong " + w.suffix());
        Scheduling.create(w.operatorA(), over);
        Map<String, Object> emergency =
                Scheduling.relaying("PT10M", List.of(w.communeAId()), Scheduling.once(Scheduling.at(2, "07:00")));
        emergency.put("priority", "EMERGENCY");
        emergency.put("title", "Khẩn " + w.suffix());
        Scheduling.create(w.operatorA(), emergency);
        Map<String, Object> normal =
                Scheduling.relaying("PT10M", List.of(w.communeAId()), Scheduling.once(Scheduling.at(2, "17:00")));
        normal.put("title", "Thường " + w.suffix());
        normal.put("priority", "NORMAL");
        Scheduling.create(w.operatorA(), normal);

        try (BrowserContext context = phone()) {
            Page page = logIn(context, "opa" + w.suffix());
            page.navigate(baseUrl() + "/broadcasts?areaId=" + w.communeAId());
            Locator ended = page.locator("#broadcasts tbody tr", new Page.LocatorOptions().setHasText("Đã phát xong"));
            assertThat(ended.innerText()).contains("Đã kết thúc").doesNotContain("Đang áp dụng");
            assertThat(page.locator("#broadcasts tbody tr", new Page.LocatorOptions().setHasText("Khẩn "))
                            .innerText())
                    .contains("Đang áp dụng");

            String red = background(page, "Khẩn ");
            String amber = background(page, "Đã phát xong");
            String neutral = background(page, "Thường ");
            assertThat(List.of(red, amber, neutral)).doesNotHaveDuplicates();
            int[] emergencyColour = rgb(red);
            assertThat(emergencyColour[0]).as("red: %s", red).isGreaterThan(emergencyColour[1] + 80);
            int[] priorityColour = rgb(amber);
            assertThat(priorityColour[0]).as("amber: %s", amber).isGreaterThan(priorityColour[2] + 60);

            // Every cell of every row is on the screen: nothing is cut off or scrolled away.
            Object outside = page.evaluate("() => [...document.querySelectorAll('#broadcasts tbody td')].filter(td => {"
                    + " const r = td.getBoundingClientRect(); return r.right > window.innerWidth + 0.5 || r.left < 0;"
                    + "}).length");
            assertThat(((Number) outside).intValue()).isZero();
            assertThat(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                    .isEqualTo(true);
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("broadcasts-phone.png"))
                    .setFullPage(true));

            page.navigate(baseUrl() + "/broadcasts?areaId=" + w.communeAId() + "&lang=en");
            assertThat(page.locator("#broadcasts tbody tr", new Page.LocatorOptions().setHasText("Đã phát xong"))
                            .innerText())
                    .contains("Ended")
                    .doesNotContain("Active");
        }
        try (BrowserContext context = desktop()) {
            Page page = logIn(context, "opa" + w.suffix());
            page.navigate(baseUrl() + "/broadcasts?areaId=" + w.communeAId());
            page.click("text=Đã phát xong " + w.suffix());
            page.waitForURL(url -> url.matches(".*/broadcasts/[0-9a-f-]{36}$"));
            assertThat(page.locator("#broadcast-state").innerText()).isEqualTo("Đã kết thúc");
        }
    }

    @Test
    void theDevicePagesFitAPhoneFilterNotEnrolledAndTheFaviconIsServed() {
        TestWorld w = world();
        String name = "Loa cổng chợ " + w.suffix();
        try (BrowserContext context = phone()) {
            List<String> missing = new java.util.ArrayList<>();
            context.onResponse(response -> {
                if (response.status() >= 400) {
                    missing.add(response.status() + " " + response.url());
                }
            });
            Page page = logIn(context, "opa" + w.suffix());
            page.navigate(baseUrl() + "/devices/new");
            page.fill("input[name=name]", name);
            page.selectOption("select[name=areaId]", w.villageAId());
            page.click("#device-form button[type=submit]");
            page.waitForURL(url -> url.matches(".*/devices/[0-9a-f-]{36}$"));
            page.locator("#enrolment").waitFor();
            Object overflowing =
                    page.evaluate("() => [...document.querySelectorAll('#enrolment pre, #enrolment p')].filter(e =>"
                            + " e.scrollWidth > e.clientWidth + 1"
                            + " || e.getBoundingClientRect().right > document.getElementById('enrolment').getBoundingClientRect().right + 0.5"
                            + ").map(e => e.textContent)");
            assertThat((List<?>) overflowing).isEmpty();
            assertThat(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                    .isEqualTo(true);
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("enrolment-phone.png"))
                    .setFullPage(true));

            page.navigate(baseUrl() + "/devices");
            Locator choice = page.locator("select[name=status] option[value=NOT_ENROLLED]");
            assertThat(choice.count()).isEqualTo(1);
            assertThat(choice.innerText()).isEqualTo("Chưa đăng ký");
            page.selectOption("select[name=status]", "NOT_ENROLLED");
            page.waitForURL(url -> url.contains("status=NOT_ENROLLED"));
            page.locator("#devices").waitFor();
            assertThat(page.locator("#devices").innerText()).contains(name);
            page.selectOption("select[name=status]", "ONLINE");
            page.waitForURL(url -> url.contains("status=ONLINE"));
            assertThat(page.locator("#device-list").innerText()).doesNotContain(name);

            page.navigate(baseUrl() + "/devices?status=NOT_ENROLLED&lang=en");
            assertThat(page.locator("select[name=status] option[value=NOT_ENROLLED]")
                            .innerText())
                    .isEqualTo("Not enrolled");

            APIResponse favicon = page.request().get(baseUrl() + "/favicon.ico");
            assertThat(favicon.status()).isEqualTo(200);
            assertThat(favicon.headers().get("content-type")).startsWith("image/");
            assertThat(missing).as("answers of 400 and more while browsing").isEmpty();
        }
    }

    private static String background(Page page, String title) {
        return (String) page.locator("#broadcasts tbody tr", new Page.LocatorOptions().setHasText(title))
                .locator(".chip")
                .first()
                .evaluate("el => getComputedStyle(el).backgroundColor");
    }

    private static int[] rgb(String css) {
        String[] parts = css.replaceAll("[^0-9,]", "").split(",");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
    }
}
