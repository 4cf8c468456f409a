package org.openloa.cms.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.openloa.cms.BrowserTest;
import org.openloa.cms.TestWorld;

/** A commune operator on a phone-sized Chromium: Vietnamese by default, their commune and nothing else. */
class OperatorInTheBrowserTest extends BrowserTest {

    @Test
    void communeOperatorSeesAVietnamesePageWithOnlyTheirCommune() {
        TestWorld w = world();
        try (BrowserContext phone = phone()) {
            Page page = phone.newPage();
            page.navigate(baseUrl() + "/login");
            assertThat(page.locator("h2").textContent()).isEqualTo("Đăng nhập");
            assertThat(page.locator("html").getAttribute("lang")).isEqualTo("vi");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("login-phone.png")));

            page.fill("input[name=username]", "opa" + w.suffix());
            page.fill("input[name=password]", TestWorld.PASSWORD);
            page.click("button[type=submit]");
            page.waitForURL(baseUrl() + "/");
            assertThat(page.locator("h1").textContent()).startsWith("Xin chào");
            assertThat(page.content()).contains("Xã An " + w.suffix());

            page.navigate(baseUrl() + "/areas");
            String tree = page.locator("#area-tree").innerText();
            assertThat(tree)
                    .contains("Xã An " + w.suffix(), "Thôn 1 An " + w.suffix())
                    .doesNotContain("Xã Bình " + w.suffix(), "Thôn 1 Bình " + w.suffix(), "Tỉnh Thử " + w.suffix());
            assertThat(page.content()).doesNotContain("Xã Bình " + w.suffix());
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("areas-phone.png"))
                    .setFullPage(true));

            page.navigate(baseUrl() + "/areas/" + w.communeBId());
            assertThat(page.locator("h1").textContent()).isEqualTo("Không tìm thấy");
            assertThat(page.content()).doesNotContain("Xã Bình " + w.suffix());

            page.navigate(baseUrl() + "/users");
            assertThat(page.locator("h1").textContent()).isEqualTo("Không được phép");

            page.navigate(baseUrl() + "/areas?lang=en");
            assertThat(page.locator("h1").textContent()).isEqualTo("Areas");
            page.navigate(baseUrl() + "/");
            assertThat(page.locator("h1").textContent()).startsWith("Hello");
        }
    }

    @Test
    void provinceAdminImportsAreasAndSeesTheReportOnThePage() {
        TestWorld w = world();
        try (BrowserContext desktop = desktop()) {
            Page page = desktop.newPage();
            page.navigate(baseUrl() + "/login");
            page.fill("input[name=username]", "padmin" + w.suffix());
            page.fill("input[name=password]", TestWorld.PASSWORD);
            page.click("button[type=submit]");
            page.waitForURL(baseUrl() + "/");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("dashboard.png")));

            page.navigate(baseUrl() + "/areas/import");
            page.fill(
                    "textarea[name=text]",
                    "U" + w.suffix() + "-1,Thôn Mới,village,P" + w.suffix() + "-A\n" + "U" + w.suffix()
                            + "-2,Thôn Lỗi,village,KHONG-CO\n");
            page.click("#import-form button[type=submit]");
            page.locator("#import-report .alert").waitFor();
            assertThat(page.locator("#import-report").innerText()).contains("Chưa nhập gì", "KHONG-CO");

            page.fill("textarea[name=text]", "U" + w.suffix() + "-1,Thôn Mới,village,P" + w.suffix() + "-A\n");
            page.click("#import-form button[type=submit]");
            page.locator("#import-report .alert.ok").waitFor();
            assertThat(page.locator("#import-report").innerText()).contains("Đã nhập 1 đơn vị");

            page.navigate(baseUrl() + "/areas");
            assertThat(page.locator("#area-tree").innerText()).contains("Thôn Mới");
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("areas.png"))
                    .setFullPage(true));
        }
    }

    @Test
    void communeAdminCreatesAUserATokenAndReadsTheAuditLog() {
        TestWorld w = world();
        try (BrowserContext desktop = desktop()) {
            Page page = desktop.newPage();
            page.navigate(baseUrl() + "/login");
            page.fill("input[name=username]", "adma" + w.suffix());
            page.fill("input[name=password]", TestWorld.PASSWORD);
            page.click("button[type=submit]");
            page.waitForURL(baseUrl() + "/");

            page.navigate(baseUrl() + "/users/new");
            page.fill("input[name=username]", "thuky" + w.suffix());
            page.fill("input[name=displayName]", "Thư Ký Xã");
            page.fill("input[name=password]", "thuky" + w.suffix() + "-2025");
            page.check("input[name=roles][value=EDITOR]");
            page.click("main button[type=submit]");
            assertThat(page.locator("#password-error").textContent()).contains("không được chứa tên đăng nhập");
            assertThat(page.inputValue("input[name=username]")).isEqualTo("thuky" + w.suffix());

            page.fill("input[name=password]", "mat-khau-thu-ky");
            page.click("main button[type=submit]");
            page.waitForURL(baseUrl() + "/users?saved");
            assertThat(page.locator("#users").innerText())
                    .contains("thuky" + w.suffix(), "Thư Ký Xã", "Biên tập viên")
                    .doesNotContain("opb" + w.suffix());

            page.navigate(baseUrl() + "/tokens");
            page.fill("input[name=name]", "báo cáo hằng ngày");
            page.click("main button[type=submit]");
            assertThat(page.locator("#new-token").textContent()).startsWith("olt_");
            assertThat(page.content()).contains("báo cáo hằng ngày");

            page.navigate(baseUrl() + "/audit");
            String log = page.locator("#audit-events").innerText();
            assertThat(log).contains("Thêm người dùng", "Tạo khoá API", "Đăng nhập", "thuky" + w.suffix());
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("audit.png")));

            page.navigate(baseUrl() + "/account");
            page.fill("input[name=currentPassword]", TestWorld.PASSWORD);
            page.fill("input[name=newPassword]", "mat-khau-moi-cua-toi");
            page.click("main button[type=submit]");
            assertThat(page.locator(".alert.ok").textContent()).isNotBlank();
            assertThat(api.as("adma" + w.suffix(), "mat-khau-moi-cua-toi")
                            .get("/api/v1/users/me")
                            .status())
                    .isEqualTo(200);
        }
    }
}
