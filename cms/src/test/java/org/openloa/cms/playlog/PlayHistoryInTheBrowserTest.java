package org.openloa.cms.playlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.AudioJobs;
import org.openloa.cms.BrowserTest;
import org.openloa.cms.TestAudio;
import org.openloa.cms.TestWorld;

/**
 * Issue 12, items 13-14 on a phone: a play a box reported through the edge API shows on its device page and as a
 * badge on the calendar; the dashboard lists what waits for an operator, an approver and an editor; a rejected
 * bulletin says why at its top.
 */
class PlayHistoryInTheBrowserTest extends BrowserTest {

    /** The pictures the operator guide shows. */
    static final java.nio.file.Path GUIDE_IMAGES = java.nio.file.Path.of("..", "docs", "images");

    @Test
    void anOperatorSeesWhatTheBoxPlayedOnItsPageAndOnTheCalendarAndTheirTasks() {
        TestWorld w = world();
        String name = "Loa chợ " + w.suffix();
        Boxes.Box box = Boxes.box(api, w.operatorA(), w.villageAId(), name);
        String title = "Tiếp sóng VOV1 " + w.suffix();
        Boxes.Planned item = Boxes.relay(w.operatorA(), box, w.communeAId(), title);
        Boxes.played(box, item, "PLAYED", 600, null);
        // An offer from the province waits in commune A's inbox.
        Map<String, Object> offer = new java.util.LinkedHashMap<>(org.openloa.cms.broadcast.Scheduling.relaying(
                "PT5M",
                List.of(w.communeAId()),
                org.openloa.cms.broadcast.Scheduling.once(org.openloa.cms.broadcast.Scheduling.at(1, "18:00"))));
        offer.put("title", "Đề nghị của tỉnh " + w.suffix());
        org.openloa.cms.broadcast.Scheduling.create(w.provinceAdmin(), offer);

        try (BrowserContext phone = phone()) {
            Page page = logIn(phone, "opa" + w.suffix());

            page.navigate(baseUrl() + "/devices/" + box.id());
            page.locator("#plays #play-list li").first().waitFor();
            assertThat(page.locator("#plays h2").innerText()).isEqualTo("Đã phát những gì");
            List<String> rows = page.locator("#play-list li").allInnerTexts();
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0)).contains(title, "Đã phát", "Bắt đầu phát", "10 phút 0 giây");
            assertThat(page.locator("#play-list li.result-PLAYED a").getAttribute("href"))
                    .isEqualTo("/broadcasts/" + item.broadcastId());
            assertThat(page.locator("#play-list li.result-PLAYED").innerText())
                    .contains(
                            "Giờ theo lịch",
                            item.start().toLocalTime().toString().substring(0, 5));
            fitsThePhone(page);
            page.locator("#plays")
                    .screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions()
                            .setPath(GUIDE_IMAGES.resolve("device-plays-phone.png")));

            // Day by day: the day before has nothing; the link back forward returns to today.
            page.click("#plays-history-link");
            page.waitForURL(url -> url.contains("/devices/" + box.id() + "/plays"));
            assertThat(page.locator("#plays-day").innerText()).startsWith("Hôm nay");
            assertThat(page.locator("#plays-next").count()).isZero();
            page.click("#plays-previous");
            page.locator("#plays-none").waitFor();
            page.click("#plays-next");
            page.locator("#play-list").waitFor();
            page.navigate(baseUrl() + "/devices/" + box.id() + "/plays?lang=en");
            assertThat(page.locator("#play-list li").first().innerText())
                    .contains("Played", "Scheduled", "On air", "10 min 0 s");
            assertThat(page.locator("#plays-day").innerText()).startsWith("Today");
            page.navigate(baseUrl() + "/devices/" + box.id() + "/plays?lang=vi");

            // The calendar (the list view on a phone) marks the item aired, in words.
            page.navigate(baseUrl() + "/calendar?areaId=" + w.communeAId());
            page.locator(".fc-list-event .aired-badge").first().waitFor();
            assertThat(page.locator(".fc-list-event:has-text('" + title + "') .aired-badge")
                            .innerText())
                    .isEqualTo("Đã phát");
            page.locator("#calendar")
                    .screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions()
                            .setPath(GUIDE_IMAGES.resolve("calendar-aired-phone.png")));

            page.navigate(baseUrl() + "/");
            assertThat(page.locator("#task-offers .count").innerText()).isEqualTo("1");
            assertThat(page.locator("#task-offers").innerText()).contains("Đề nghị của tỉnh " + w.suffix());
            assertThat(page.locator("#task-offline").count()).isEqualTo(1);
            assertThat(page.locator("#task-missed").count()).isEqualTo(1);
            assertThat(page.locator("#task-approve").count()).isZero();
            assertThat(page.locator("#task-rejected").count()).isZero();
            fitsThePhone(page);
        }
        // Another commune's operator cannot open the history.
        try (BrowserContext phone = phone()) {
            Page page = logIn(phone, "opb" + w.suffix());
            com.microsoft.playwright.Response response = page.navigate(baseUrl() + "/devices/" + box.id() + "/plays");
            assertThat(response.status()).isEqualTo(404);
            assertThat(page.content()).doesNotContain(title);
        }
    }

    @Test
    void theDashboardListsWhatWaitsForAnApproverAndAnEditorAndARejectedBulletinSaysWhyAtItsTop() {
        TestWorld w = world();
        String approverName = "duyet" + w.suffix();
        String editorName = "bientap" + w.suffix();
        Api approver = user(approverName, List.of("APPROVER", "EDITOR"), w.communeAId());
        Api editor = user(editorName, List.of("EDITOR"), w.communeAId());
        String waiting = submitted(editor, w.communeAId(), "Họp dân thôn 1 " + w.suffix());
        String rejected = submitted(editor, w.communeAId(), "Lịch tiêm phòng " + w.suffix());
        String own = submitted(approver, w.communeAId(), "Bản tin của người duyệt " + w.suffix());
        Api.Response rejection =
                approver.post("/api/v1/bulletins/" + rejected + "/reject", Map.of("reason", "Sai ngày tiêm, sửa lại"));
        assertThat(rejection.status()).as(rejection.body()).isEqualTo(200);

        try (BrowserContext phone = phone()) {
            Page page = logIn(phone, approverName);
            assertThat(page.locator("#tasks h2").innerText()).isEqualTo("Việc cần làm");
            assertThat(page.locator("#task-approve .count").innerText()).isEqualTo("1");
            assertThat(page.locator("#task-approve a[href='/bulletins/" + waiting + "']")
                            .innerText())
                    .isEqualTo("Họp dân thôn 1 " + w.suffix());
            // Not their own, and not the one they already rejected.
            assertThat(page.locator("#task-approve a[href='/bulletins/" + own + "']")
                            .count())
                    .isZero();
            assertThat(page.locator("#task-approve a[href='/bulletins/" + rejected + "']")
                            .count())
                    .isZero();
            assertThat(page.locator("#task-rejected .count").innerText()).isEqualTo("0");
            assertThat(page.locator("#task-offline").count()).isZero();
            fitsThePhone(page);
        }
        try (BrowserContext phone = phone()) {
            Page page = logIn(phone, editorName);
            assertThat(page.locator("#task-approve").count()).isZero();
            assertThat(page.locator("#task-rejected .count").innerText()).isEqualTo("1");
            page.locator("#tasks")
                    .screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions()
                            .setPath(GUIDE_IMAGES.resolve("dashboard-tasks-phone.png")));
            page.click("#task-rejected a[href='/bulletins/" + rejected + "']");
            page.waitForURL(url -> url.endsWith("/bulletins/" + rejected));
            assertThat(page.locator("#rejection-reason").innerText()).isEqualTo("Sai ngày tiêm, sửa lại");
            assertThat(page.locator("#rejection-banner").innerText())
                    .contains("Bản tin này đã bị từ chối", approverName);
            double bannerTop = page.locator("#rejection-banner").boundingBox().y;
            assertThat(bannerTop).isLessThan(page.locator("#bulletin-form").boundingBox().y);
            assertThat(bannerTop).isLessThan(844);
            fitsThePhone(page);

            page.navigate(baseUrl() + "/?lang=en");
            assertThat(page.locator("#tasks h2").innerText()).isEqualTo("Your tasks");
            assertThat(page.locator("#task-rejected").innerText()).contains("of your bulletins rejected");
        }
    }

    private Api user(String username, List<String> roles, String areaId) {
        Api.Response created = admin.post(
                "/api/v1/users",
                Map.of(
                        "username", username,
                        "password", TestWorld.PASSWORD,
                        "displayName", "Người dùng " + username,
                        "roles", roles,
                        "areaId", areaId));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return admin.as(username, TestWorld.PASSWORD);
    }

    /** A bulletin with audio the editor wrote and submitted. */
    private static String submitted(Api editor, String areaId, String title) {
        Api.Response created = editor.post(
                "/api/v1/bulletins",
                Map.of(
                        "title",
                        title,
                        "category",
                        "thong-bao-ubnd",
                        "body",
                        "Nội dung " + title,
                        "areaId",
                        areaId,
                        "priority",
                        "NORMAL"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.text("id");
        Api.Response upload = editor.upload(
                "/api/v1/bulletins/" + id + "/audio", "file", "ban-tin.wav", TestAudio.toneWav(1.0, 0.1), "audio/wav");
        assertThat(upload.status()).as(upload.body()).isEqualTo(202);
        AudioJobs.succeeded(editor, upload.text("id"));
        Api.Response submitted = editor.post("/api/v1/bulletins/" + id + "/submit", "{}");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        return id;
    }

    private static void fitsThePhone(Page page) {
        assertThat(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                .isEqualTo(true);
    }
}
