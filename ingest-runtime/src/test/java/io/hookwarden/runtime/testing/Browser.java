package io.hookwarden.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, through Debian's chromedriver (src/test/browser/install.sh installs
 * both): nothing is downloaded. Background traffic is switched off, since the machine's network
 * refuses it; each browser gets a new empty profile.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Screenshots land here as test artifacts; docs/images/console/ has copies for the README. */
    public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    public static final Dimension DESKTOP = new Dimension(1280, 800);
    public static final Dimension NARROW = new Dimension(390, 844);

    private final ChromeDriver driver;
    private final Path profile;

    public Browser() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException(CHROMIUM + " and " + CHROMEDRIVER
                    + " are needed: run ingest-runtime/src/test/browser/install.sh (as root)");
        }
        try {
            profile = Files.createTempDirectory("hookwarden-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toString()).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=" + DESKTOP.width + "," + DESKTOP.height);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        resize(DESKTOP);
    }

    public WebDriver driver() {
        return driver;
    }

    public WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    /** The viewport itself (a window's size would include the browser's own frame). */
    public void resize(Dimension size) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", size.width, "height", size.height,
                "deviceScaleFactor", 1, "mobile", size.width < 600));
    }

    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Runs an async script: its last argument is the callback. */
    public Object asyncScript(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            // The whole page, not only what the viewport shows.
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                    Map.of("format", "png", "captureBeyondViewport", true));
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Form controls on the page with neither a label nor an aria-label: none should be listed. */
    @SuppressWarnings("unchecked")
    public List<String> unlabelledControls() {
        return (List<String>) script("""
                return [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
                    .filter(e => e.tagName === 'BUTTON' ? !e.textContent.trim() && !e.getAttribute('aria-label')
                                                        : e.labels.length === 0 && !e.getAttribute('aria-label'))
                    .map(e => e.outerHTML);""");
    }

    /**
     * Presses Tab from the top of the page until every control had focus (at most 200 times): of the page's
     * visible controls (links, buttons, form fields, tabindex), those focus never reached or reached without a
     * visible focus indicator (outline or box shadow) are {@code missed}.
     */
    public record TabWalk(int controls, List<String> missed) {
    }

    @SuppressWarnings("unchecked")
    public TabWalk tabThroughThePage() {
        List<String> controls = (List<String>) script("""
                document.activeElement && document.activeElement.blur();
                const controls = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])')]
                    .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden' && !e.disabled);
                controls.forEach((e, i) => e.dataset.tabCheck = i);
                window.scrollTo(0, 0);
                return controls.map(e => e.outerHTML.substring(0, 120));""");
        java.util.Set<Integer> focusedVisibly = new java.util.HashSet<>();
        org.openqa.selenium.interactions.Actions keyboard = new org.openqa.selenium.interactions.Actions(driver);
        for (int i = 0; i < 200 && focusedVisibly.size() < controls.size(); i++) {
            keyboard.sendKeys(org.openqa.selenium.Keys.TAB).perform();
            Object index = script("""
                    const e = document.activeElement;
                    if (!e || e.dataset.tabCheck === undefined) { return null; }
                    const style = getComputedStyle(e);
                    const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
                    return visible ? Number(e.dataset.tabCheck) : -1;""");
            if (index instanceof Number n && n.intValue() >= 0) {
                focusedVisibly.add(n.intValue());
            }
        }
        List<String> missed = new java.util.ArrayList<>();
        for (int i = 0; i < controls.size(); i++) {
            if (!focusedVisibly.contains(i)) {
                missed.add(controls.get(i));
            }
        }
        return new TabWalk(controls.size(), missed);
    }

    /** Whether the page fits the viewport's width (wide tables scroll inside their own box). */
    public boolean fitsWidth() {
        return (Boolean) script("return document.documentElement.scrollWidth <= window.innerWidth;");
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A profile left in /tmp is harmless.
        }
    }
}
