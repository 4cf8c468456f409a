package org.openloa.cms;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.openloa.testing.RequiredTools;

/**
 * A test driving Debian's Chromium (headless) against the real server. The microphone is Chromium's
 * fake device, so recording in the page produces real audio without hardware.
 */
@Tag("browser")
public abstract class BrowserTest extends ServerTest {

    protected static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static Playwright playwright;
    protected static Browser browser;

    @BeforeAll
    static void launch() {
        Path chromium = RequiredTools.require("chromium", "chromium");
        // The driver comes inside the jar; the browser is Debian's, so nothing is downloaded.
        playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(chromium)
                        .setHeadless(true)
                        .setArgs(List.of(
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-quic",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--no-first-run",
                                "--use-fake-ui-for-media-stream",
                                "--use-fake-device-for-media-stream")));
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    protected BrowserContext phone() {
        return browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(390, 844)
                .setDeviceScaleFactor(2)
                .setIsMobile(true)
                .setHasTouch(true)
                .setLocale("en-US"));
    }

    protected BrowserContext desktop() {
        return browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
    }

    protected Page logIn(BrowserContext context, String username) {
        Page page = context.newPage();
        page.navigate(baseUrl() + "/login");
        page.fill("input[name=username]", username);
        page.fill("input[name=password]", TestWorld.PASSWORD);
        page.click("button[type=submit]");
        page.waitForURL(baseUrl() + "/");
        return page;
    }
}
