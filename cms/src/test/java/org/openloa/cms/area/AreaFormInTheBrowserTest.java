package org.openloa.cms.area;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import org.junit.jupiter.api.Test;
import org.openloa.cms.BrowserTest;
import org.openloa.cms.TestWorld;

/** The area form refused: why, beside the field or above the form, with what was typed kept and nothing saved. */
class AreaFormInTheBrowserTest extends BrowserTest {

    @Test
    void aCodeTheRulesRefuseIsExplainedBesideItAndNothingIsSaved() {
        TestWorld w = world();
        try (BrowserContext desktop = desktop()) {
            Page page = logIn(desktop, "padmin" + w.suffix());
            page.navigate(baseUrl() + "/areas/new?parentId=" + w.communeAId());
            page.fill("input[name=code]", "thôn mới " + w.suffix());
            page.fill("input[name=name]", "Thôn Mới " + w.suffix());
            page.selectOption("select[name=kind]", "village");

            page.click("#area-form button[type=submit]");

            page.locator("#code-error").waitFor();
            assertThat(page.locator("#code-error").textContent()).contains("Mã");
            assertThat(page.inputValue("input[name=code]")).isEqualTo("thôn mới " + w.suffix());
            assertThat(page.inputValue("input[name=name]")).isEqualTo("Thôn Mới " + w.suffix());
            assertThat(page.locator("#name-error").count()).isZero();
        }
        assertThat(w.provinceAdmin().get("/api/v1/areas").body()).doesNotContain("Thôn Mới " + w.suffix());
    }

    @Test
    void aCodeAlreadyTakenIsExplainedAboveTheForm() {
        TestWorld w = world();
        try (BrowserContext desktop = desktop()) {
            Page page = logIn(desktop, "padmin" + w.suffix());
            page.navigate(baseUrl() + "/areas/new?parentId=" + w.communeAId());
            page.fill("input[name=code]", "P" + w.suffix() + "-A");
            page.fill("input[name=name]", "Trùng mã " + w.suffix());
            page.selectOption("select[name=kind]", "village");

            page.click("#area-form button[type=submit]");

            page.locator("#area-form .alert.error").waitFor();
            assertThat(page.locator("#area-form .alert.error").textContent()).contains("P" + w.suffix() + "-A");
        }
        assertThat(w.provinceAdmin().get("/api/v1/areas").body()).doesNotContain("Trùng mã " + w.suffix());
    }

    @Test
    void aBlankNameIsRefusedByTheFormsOwnCheckBeforeTheService() {
        TestWorld w = world();
        try (BrowserContext desktop = desktop()) {
            Page page = logIn(desktop, "padmin" + w.suffix());
            page.navigate(baseUrl() + "/areas/new");
            String csrf = page.locator("meta[name=_csrf]").getAttribute("content");

            // What a browser without the page's "required" would send.
            APIResponse refused = page.request()
                    .post(
                            baseUrl() + "/areas",
                            RequestOptions.create()
                                    .setForm(FormData.create()
                                            .set("_csrf", csrf)
                                            .set("code", "TRONG" + w.suffix())
                                            .set("name", " ")
                                            .set("kind", "village")
                                            .set("parentId", w.communeAId()))
                                    .setMaxRedirects(0));

            assertThat(refused.status()).isEqualTo(200);
            assertThat(refused.text()).contains("id=\"name-error\"", "không được để trống");
        }
        assertThat(w.provinceAdmin().get("/api/v1/areas").body()).doesNotContain("TRONG" + w.suffix());
    }
}
