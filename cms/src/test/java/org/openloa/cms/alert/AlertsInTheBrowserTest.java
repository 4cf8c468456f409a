package org.openloa.cms.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.cms.alert.CapSamples.geocodeArea;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.openloa.cms.BrowserTest;
import org.openloa.cms.TestWorld;

/** The alerts page on a phone: a CAP document pasted by hand, refused beside the field or taken in and listed. */
class AlertsInTheBrowserTest extends BrowserTest {

    @Test
    void anOperatorPastesACapAlertOnAPhoneAndSeesItOrWhyItIsRefused() {
        TestWorld w = world();
        String village = "P" + w.suffix() + "-A1";
        String invalid = CapSamples.alert()
                .info("vi", "Soon", "Minor", null, "Sai", geocodeArea(village))
                .xml();
        CapSamples drill = CapSamples.alert()
                .status("Exercise")
                .info("vi-VN", "Expected", "Severe", null, "Diễn tập lũ " + w.suffix(), geocodeArea(village));
        try (BrowserContext phone = phone()) {
            Page page = logIn(phone, "opa" + w.suffix());
            page.navigate(baseUrl() + "/alerts");
            assertThat(page.locator("h1").textContent()).isEqualTo("Cảnh báo CAP");

            page.fill("textarea[name=text]", invalid);
            page.click("#cap-form button[type=submit]");

            page.locator("#text-error").waitFor();
            assertThat(page.locator("#text-error").textContent())
                    .contains("Dòng 2")
                    .contains("Soon");
            assertThat(page.locator("#cap-form .alert.error").textContent()).contains("/alert/info[1]/urgency[1]");

            page.fill("textarea[name=text]", drill.xml());
            page.click("#cap-form button[type=submit]");

            page.waitForURL(url -> url.contains("received="));
            assertThat(page.locator("#alert-list").textContent())
                    .contains("Diễn tập lũ " + w.suffix())
                    .contains("Exercise · Alert")
                    .contains("chỉ lưu, không phát");
            assertThat((Integer) page.evaluate("document.documentElement.scrollWidth"))
                    .isLessThanOrEqualTo(390);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("alerts-phone.png")));
        }
        assertThat(w.operatorA().get("/api/v1/alerts").body()).doesNotContain("\"Sai\"");
    }
}
