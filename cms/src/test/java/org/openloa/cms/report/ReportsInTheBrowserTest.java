package org.openloa.cms.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.BrowserTest;
import org.openloa.cms.TestWorld;

/**
 * The Báo cáo page and the Bản đồ map on a 390 px phone, in Vietnamese and English. The test machine has no
 * internet, so the map's tiles (OpenStreetMap's by default) cannot load: the markers must show all the same.
 */
class ReportsInTheBrowserTest extends BrowserTest {

    @Test
    void theReportPageShowsItsFiguresChartsAndDownloadsOnAPhone() {
        TestWorld w = world();
        device(w.operatorA(), w.villageAId(), "Loa chợ " + w.suffix(), 16.46, 107.59);
        // A commune only a downstream instance has, as it pushes its day up (docs/exchange.md): a child area here.
        org.openloa.cms.Api.Response pushed = w.provinceAdmin()
                .put(
                        "/api/v1/exchange/figures/D" + w.suffix() + "/" + org.openloa.cms.broadcast.Scheduling.day(0),
                        java.util.Map.of(
                                "name", "Xã Cấp Dưới " + w.suffix(),
                                "parentCode", "P" + w.suffix(),
                                "figures", java.util.Map.of("plannedSeconds", 600, "airedSeconds", 540)));
        assertThat(pushed.status()).as(pushed.body()).isEqualTo(201);
        try (BrowserContext phone = phone()) {
            Page page = logIn(phone, "padmin" + w.suffix());
            page.navigate(baseUrl() + "/reports?areaId=" + w.provinceId());
            assertThat(page.locator("h1").innerText()).isEqualTo("Báo cáo");
            assertThat(page.locator("#report-table").innerText())
                    .contains(
                            "Toàn địa bàn: Tỉnh Thử " + w.suffix(),
                            "Xã An " + w.suffix(),
                            "Xã Bình " + w.suffix(),
                            "Xã Cấp Dưới " + w.suffix());
            assertThat(page.locator("#report-table .badge.downstream").count()).isGreaterThanOrEqualTo(2);
            assertThat(page.locator("#report-tiles").innerText()).contains("Sự cố", "Phút tiếp sóng");
            assertThat(page.locator("#report-tiles").innerText()).contains("cụm loa hoạt động");
            page.waitForSelector("#chart-aired[data-drawn=true]");
            page.waitForSelector("#chart-compliance[data-drawn=true]");
            page.waitForSelector("#chart-online[data-drawn=true]");
            assertThat((Boolean) page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("the page fits a 390 px phone")
                    .isTrue();
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("reports-phone.png"))
                    .setFullPage(true));

            // A child area through the table's link, then the PDF of it through the page's session.
            page.click("#report-table a:text('Xã An " + w.suffix() + "')");
            assertThat(page.locator("#report-table").innerText()).contains("Thôn 1 An " + w.suffix());
            String pdf = page.locator("#download-pdf").getAttribute("href");
            assertThat(page.request().get(baseUrl() + pdf).headers().get("content-type"))
                    .startsWith("application/pdf");

            page.navigate(baseUrl() + "/reports?areaId=" + w.provinceId() + "&lang=en");
            assertThat(page.locator("h1").innerText()).isEqualTo("Reports");
            assertThat(page.locator("#report-table").innerText()).contains("Whole area");
        }
    }

    @Test
    void theMapShowsMarkersOnABlankBackgroundWhenTilesCannotLoad() {
        TestWorld w = world();
        device(w.operatorA(), w.villageAId(), "Loa chợ " + w.suffix(), 16.46, 107.59);
        device(w.operatorA(), w.villageAId(), "Loa trường " + w.suffix(), 16.47, 107.60);
        device(w.operatorB(), w.villageBId(), "Loa Bình " + w.suffix(), 16.20, 107.10);
        try (BrowserContext phone = phone()) {
            Page page = logIn(phone, "opa" + w.suffix());
            page.navigate(baseUrl() + "/map");
            assertThat(page.locator("h1").innerText()).isEqualTo("Bản đồ");
            page.waitForSelector("#device-map[data-loaded]");
            assertThat(page.locator("#device-map").getAttribute("data-loaded"))
                    .as("commune A's operator sees commune A's two loudspeakers only")
                    .isEqualTo("2");
            page.locator(".device-marker")
                    .first()
                    .waitFor(new com.microsoft.playwright.Locator.WaitForOptions()
                            .setState(WaitForSelectorState.VISIBLE));
            page.locator(".device-marker")
                    .first()
                    .click(new com.microsoft.playwright.Locator.ClickOptions().setForce(true));
            page.waitForSelector(".map-popup");
            assertThat(page.locator(".map-popup").innerText())
                    .contains("Thôn 1 An " + w.suffix(), "Chưa kết nối", "chưa bao giờ");
            assertThat((Boolean) page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                    .isTrue();
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("map-phone.png"))
                    .setFullPage(true));

            page.navigate(baseUrl() + "/map?lang=en");
            assertThat(page.locator("h1").innerText()).isEqualTo("Map");
            page.waitForSelector("#device-map[data-loaded]");
            assertThat(page.locator("#device-map").getAttribute("data-loaded")).isEqualTo("2");
        }
        Api.Response markers = w.provinceAdmin().get("/api/v1/map/markers");
        assertThat(markers.status()).isEqualTo(200);
        assertThat(markers.body()).contains("Loa Bình " + w.suffix(), "Loa chợ " + w.suffix(), "NEVER_SEEN");
        assertThat(w.operatorB().get("/api/v1/map/markers").body()).doesNotContain("Loa chợ " + w.suffix());
        assertThat(w.operatorB()
                        .get("/api/v1/map/markers?areaId=" + w.communeAId())
                        .status())
                .isEqualTo(404);
    }

    private static void device(Api operator, String areaId, String name, double lat, double lon) {
        Api.Response created = operator.post(
                "/api/v1/devices", Map.of("name", name, "areaId", areaId, "tags", List.of(), "lat", lat, "lon", lon));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }
}
