package dev.amend.cli.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.amend.cli.AmendRun;
import dev.amend.harness.HParamsChoice;
import dev.amend.registry.AmendRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page in a real browser: Debian's chromium, headless, through its chromedriver (`.ci/run` installs both;
 * skipped where they are absent). Edit a fact, see the new answer, revert, see the old one; two browsers, two sessions.
 * Screenshots go to {@code target/screenshots/} (the ones in {@code docs/figures/} were taken this way).
 */
class DemoPageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path TOY = AmendRun.TOY.toAbsolutePath().normalize();
    private static DemoServer server;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "chromium and chromium-driver are not installed (.ci/run installs them)");
        EngineThreads.recordNoGradients();
        AmendRuntime runtime = AmendRuntime.create(null);
        Path stats = Files.createTempDirectory("demo-browser-stats");
        server = DemoServer.start(runtime, TOY, Map.of(
                "mom2_dataset", HParamsChoice.quoted(TOY.resolve("data/corpus.txt")),
                "stats_dir", HParamsChoice.quoted(stats)), new DemoServer.Settings(0, Duration.ofMinutes(30), 4),
                Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static WebDriver browser() {
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1100,1300");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.get("http://127.0.0.1:" + server.port() + "/");
        new WebDriverWait(driver, Duration.ofSeconds(30))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#method option")));
        return driver;
    }

    private static String ask(WebDriver driver) throws IOException {
        return ask(driver, null);
    }

    /** Asks the page's prompt and returns the continuation ({@code shot}: a screenshot's name, or null for none). */
    private static String ask(WebDriver driver, String shot) throws IOException {
        driver.findElement(By.id("ask")).click();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("continuation")));
        String text = driver.findElement(By.id("continuation")).getText();
        if (shot != null) {
            screenshot(driver, shot);
        }
        driver.navigate().refresh();   // the next ask starts from an empty answer
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#method option")));
        return text;
    }

    private static void screenshot(WebDriver driver, String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(dir.resolve(name + ".png"), png);
    }

    @Test
    void editSeeTheNewAnswerRevertSeeTheOldOneAndAnotherBrowserSeesNothing() throws IOException {
        WebDriver alice = browser();
        WebDriver bob = browser();
        try {
            assertThat(ask(alice, "demo-ask")).startsWith("hockey");
            alice.findElement(By.id("edit")).click();   // the form's defaults: safa gusag competes in fencing, ROME toy
            WebDriverWait wait = new WebDriverWait(alice, Duration.ofSeconds(60));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("comparison")));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#edits tbody tr")));
            assertThat(alice.findElement(By.id("comparison")).getText()).contains("fencing");
            screenshot(alice, "demo-after-edit");
            assertThat(ask(alice)).startsWith("fencing");
            assertThat(ask(bob)).as("the other browser's session").startsWith("hockey");

            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#edits .revert"))).click();
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#edits tbody tr")));
            assertThat(ask(alice)).startsWith("hockey");
        } finally {
            alice.quit();
            bob.quit();
        }
    }
}
