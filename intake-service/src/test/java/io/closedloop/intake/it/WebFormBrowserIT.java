package io.closedloop.intake.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The customer's whole journey in a real headless Chromium at phone size: a form sent empty shows what is missing
 * next to each field, in English and then in Chinese; filled in, it gives a tracking number; the status page then
 * shows the complaint. Uses the machine's Chromium and chromedriver (Debian: chromium, chromium-driver; CI
 * installs them). Skipped, loudly, only where Chromium is not installed, and never in CI ({@code CI=true}).
 */
class WebFormBrowserIT extends IntakeIntegrationTest {

    private static WebDriver browser;
    private static ChromeDriverService driverService;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startChromium() {
        Optional<Path> chromium = onPath("chromium", "chromium-browser", "google-chrome");
        Optional<Path> driver = onPath("chromedriver");
        if (chromium.isEmpty() || driver.isEmpty()) {
            System.err.println("""

                    ************************************************************************************
                    * WebFormBrowserIT SKIPPED: no Chromium%s on PATH.
                    * The web form's browser test did not run. Install it: apt-get install -y chromium chromium-driver
                    ************************************************************************************
                    """.formatted(driver.isEmpty() ? " / chromedriver" : ""));
        }
        // CI installs Chromium (.ci/run): there a missing browser is a broken build, not a reason to skip
        assertThat("true".equals(System.getenv("CI")) && (chromium.isEmpty() || driver.isEmpty()))
                .as("CI must have chromium and chromedriver installed (.ci/run installs them)").isFalse();
        assumeTrue(chromium.isPresent() && driver.isPresent(), "Chromium and chromedriver are not installed");
        driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.get().toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=412,915", "--lang=en-US");
        browser = new ChromeDriver(driverService, options);
    }

    @AfterAll
    static void stopChromium() {
        if (browser != null) {
            browser.quit();
        }
        if (driverService != null) {
            driverService.stop();
        }
    }

    @Test
    void aCustomerFilesAComplaintOnTheFormAndSeesItOnTheStatusPage() throws IOException {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get("http://localhost:" + port + "/complaint.html?lang=en");
        assertThat(browser.findElement(By.cssSelector("label[for=text]")).getText()).isEqualTo("What went wrong? *");

        // sent empty: each problem is shown next to its field
        browser.findElement(By.id("submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("text-error"), "describe what went wrong"));
        assertThat(browser.findElement(By.id("contact-error")).getText()).contains("phone number or an email");
        assertThat(browser.findElement(By.id("text")).getAttribute("aria-invalid")).isEqualTo("true");

        // in Chinese, the page and the server's messages
        browser.findElement(By.id("lang-switch")).click();
        assertThat(browser.findElement(By.cssSelector("label[for=text]")).getText()).isEqualTo("问题描述 *");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
        browser.findElement(By.id("phone")).sendKeys("138");
        browser.findElement(By.id("submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("phone-error"), "请输入有效的电话号码"));
        assertThat(browser.findElement(By.id("text-error")).getText()).isEqualTo("请描述您遇到的问题");
        screenshot("complaint-form-errors");

        browser.findElement(By.id("phone")).clear();
        browser.findElement(By.id("phone")).sendKeys("+86 139 8765 4321");
        browser.findElement(By.id("name")).sendKeys("韩梅梅");
        browser.findElement(By.id("subject")).sendKeys("充电器发热");
        browser.findElement(By.id("text")).sendKeys("新买的充电器用了十分钟就很烫，担心安全。");
        browser.findElement(By.id("submit")).click();

        WebElement number = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tracking-number")));
        String trackingNumber = number.getText();
        assertThat(trackingNumber).matches("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]");
        assertThat(browser.findElement(By.id("receipt")).getText()).contains("提交成功");
        screenshot("complaint-form-receipt");

        // the link carries the number to the status page; the customer adds the last four digits of the phone
        browser.findElement(By.id("status-link")).click();
        wait.until(ExpectedConditions.urlContains("/status.html"));
        assertThat(browser.findElement(By.id("trackingNumber")).getAttribute("value")).isEqualTo(trackingNumber);
        browser.findElement(By.id("verifier")).sendKeys("4321");
        browser.findElement(By.id("lookup")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("result")));
        assertThat(browser.findElement(By.id("r-status")).getText()).isEqualTo("已收到");
        assertThat(browser.findElement(By.id("r-number")).getText()).isEqualTo(trackingNumber);
        assertThat(browser.findElement(By.id("r-subject")).getText()).isEqualTo("充电器发热");
        assertThat(browser.findElement(By.id("r-milestones")).getText()).contains("收到投诉");
        assertThat(browser.findElement(By.id("result")).getText()).doesNotContain("韩梅梅", "8765");
        screenshot("status-page");

        // switched to English, the same complaint in English words
        browser.findElement(By.id("lang-switch")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("r-status"), "Received"));
    }

    @Test
    void anAgentTakesDownACallAndReadsTheTrackingNumberBackAndADeskNeedsItsLocation() throws IOException {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        // the agents' form is for signed-in agents: the browser is sent to sign in, and then back
        browser.get("http://localhost:" + port + "/agent.html?lang=en");
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.name("username")).sendKeys("agent");
        browser.findElement(By.name("password")).sendKeys("agent-demo");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("/agent.html"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("when")));
        assertThat(browser.findElement(By.id("when")).getAttribute("value")).as("the call time defaults to now")
                .isNotBlank();

        browser.findElement(By.id("agent")).sendKeys("agent-042");
        browser.findElement(By.id("customerPhone")).sendKeys("+86 137 0000 2468");
        browser.findElement(By.id("customerName")).sendKeys("Wang Fang");
        browser.findElement(By.id("text")).sendKeys("The kettle leaks after three days; she wants a replacement.");
        browser.findElement(By.id("submit")).click();

        String trackingNumber = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tracking-number"))).getText();
        screenshot("agent-form-receipt");
        client().post().uri("/api/v1/tracking/lookups").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue("{\"trackingNumber\": \"%s\", \"verifier\": \"2468\", \"language\": \"en\"}"
                        .formatted(trackingNumber))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.channel").isEqualTo("phone");

        // the next customer, at a service desk: the desk's location is required, and said so next to it
        browser.findElement(By.id("another")).click();
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("channel"))).selectByValue("onsite");
        assertThat(browser.findElement(By.id("deskLocation")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("callId")).isDisplayed()).isFalse();
        browser.findElement(By.id("customerPhone")).sendKeys("13800001357");
        browser.findElement(By.id("text")).sendKeys("维修后仍然漏水");
        browser.findElement(By.id("submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("deskLocation-error"), "is required"));

        browser.findElement(By.id("deskLocation")).sendKeys("浦东服务站 1号窗口");
        browser.findElement(By.id("submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tracking-number")));
    }

    private static void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), png);
    }

    private static Optional<Path> onPath(String... names) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(names)
                .flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
