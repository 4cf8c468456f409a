package org.openloa.cms.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.BrowserTest;
import org.openloa.cms.TestWorld;

/** A web session's rights are the account's present ones, from the next request on, not those it had at login. */
class SessionsInTheBrowserTest extends BrowserTest {

    @Test
    void aDisabledUsersOpenSessionCanNoLongerCreateAUser() {
        TestWorld w = world();
        try (BrowserContext desktop = desktop()) {
            Page page = logIn(desktop, "adma" + w.suffix());
            page.navigate(baseUrl() + "/users/new");
            String newUser = "made" + w.suffix();
            page.fill("input[name=username]", newUser);
            page.fill("input[name=password]", TestWorld.PASSWORD);
            page.check("input[name=roles][value=ADMIN]");

            patch(w.provinceAdmin(), w.adminA(), Map.of("enabled", false));
            page.locator("main form button[type=submit]").click();

            page.waitForURL(baseUrl() + "/login");
            assertThat(admin.get("/api/v1/users").body()).doesNotContain(newUser);
            page.navigate(baseUrl() + "/users");
            assertThat(page.url()).isEqualTo(baseUrl() + "/login");
        }
    }

    @Test
    void aDemotedAdministratorsOpenSessionCanNoLongerCreateAnAdministrator() {
        TestWorld w = world();
        try (BrowserContext desktop = desktop()) {
            Page page = logIn(desktop, "adma" + w.suffix());
            page.navigate(baseUrl() + "/users/new");
            String newUser = "made" + w.suffix();
            page.fill("input[name=username]", newUser);
            page.fill("input[name=password]", TestWorld.PASSWORD);
            page.check("input[name=roles][value=ADMIN]");

            patch(w.provinceAdmin(), w.adminA(), Map.of("roles", List.of("VIEWER")));
            page.waitForResponse(
                    r -> r.request().method().equals("POST"),
                    () -> page.locator("main form button[type=submit]").click());

            assertThat(admin.get("/api/v1/users").body()).doesNotContain(newUser);
            page.navigate(baseUrl() + "/users");
            assertThat(page.locator("h1").textContent()).isEqualTo("Không được phép");
            // Still signed in, as the viewer the account now is.
            page.navigate(baseUrl() + "/areas/" + w.villageAId());
            assertThat(page.content()).contains("Thôn 1 An " + w.suffix());
        }
    }

    @Test
    void aUserMovedToAnotherCommuneSeesTheNewSubtreeAndNoLongerTheOld() {
        TestWorld w = world();
        try (BrowserContext phone = phone()) {
            Page page = logIn(phone, "opa" + w.suffix());
            page.navigate(baseUrl() + "/areas/" + w.villageAId());
            assertThat(page.content()).contains("Thôn 1 An " + w.suffix());

            patch(w.provinceAdmin(), w.operatorA(), Map.of("areaId", w.communeBId()));

            page.navigate(baseUrl() + "/areas/" + w.villageAId());
            assertThat(page.locator("h1").textContent()).isEqualTo("Không tìm thấy");
            assertThat(page.content()).doesNotContain("Thôn 1 An " + w.suffix());
            page.navigate(baseUrl() + "/areas/" + w.villageBId());
            assertThat(page.content()).contains("Thôn 1 Bình " + w.suffix());
        }
    }

    @Test
    void changingOnesPasswordEndsOnesOtherSessionsButNotThisOne() {
        TestWorld w = world();
        try (BrowserContext phone = phone();
                BrowserContext desktop = desktop()) {
            Page other = logIn(desktop, "opa" + w.suffix());
            Page page = logIn(phone, "opa" + w.suffix());
            page.navigate(baseUrl() + "/account");
            page.fill("input[name=currentPassword]", TestWorld.PASSWORD);
            page.fill("input[name=newPassword]", "another-long-password");
            page.locator("main form button[type=submit]").click();
            page.locator(".alert.ok").waitFor();

            page.navigate(baseUrl() + "/areas");
            assertThat(page.url()).isEqualTo(baseUrl() + "/areas");
            other.navigate(baseUrl() + "/areas");
            assertThat(other.url()).isEqualTo(baseUrl() + "/login");
        }
    }

    @Test
    void aPasswordResetByAnAdministratorEndsTheUsersSessions() {
        TestWorld w = world();
        try (BrowserContext phone = phone()) {
            Page page = logIn(phone, "opa" + w.suffix());
            patch(w.adminA(), w.operatorA(), Map.of("password", "reset-by-the-admin"));
            page.navigate(baseUrl() + "/areas");
            assertThat(page.url()).isEqualTo(baseUrl() + "/login");
        }
    }

    @Test
    void theUserFormSaysThatANewPasswordSignsTheUserOutAndRevokesTokens() {
        TestWorld w = world();
        try (BrowserContext desktop = desktop()) {
            Page page = logIn(desktop, "adma" + w.suffix());
            String id = w.operatorA().get("/api/v1/users/me").text("id");
            page.navigate(baseUrl() + "/users/" + id);
            assertThat(page.locator("#password-reset-note").textContent()).contains("đăng xuất", "khoá API");
            page.navigate(baseUrl() + "/users/" + id + "?lang=en");
            assertThat(page.locator("#password-reset-note").textContent()).contains("signs", "API tokens");
        }
    }

    private static void patch(Api by, Api user, Map<String, Object> change) {
        String id = user.get("/api/v1/users/me").text("id");
        Api.Response changed = by.patch("/api/v1/users/" + id, change);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    }
}
