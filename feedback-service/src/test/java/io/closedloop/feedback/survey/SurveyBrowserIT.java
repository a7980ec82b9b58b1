package io.closedloop.feedback.survey;

import io.closedloop.contract.TrackingNumbers;
import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.contract.Complainant;
import io.closedloop.feedback.AbstractIntegrationTest;
import io.closedloop.feedback.Events;
import io.closedloop.feedback.TestMailServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.closedloop.contract.event.ComplaintEventFixtures.newComplaintId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The customer's side in a real headless Chromium at phone size: the link in the result mail opens the survey in
 * Chinese; sent without a score it says so next to the scores; answered, it thanks the customer; opened again it
 * says the link was used. The answer reaches the complaint, and a low score reopens it. Uses the machine's
 * Chromium and chromedriver as intake-service's WebFormBrowserIT does; skipped, loudly, only where they are not
 * installed, and never in CI ({@code CI=true}).
 */
class SurveyBrowserIT extends AbstractIntegrationTest {

    private static final Pattern LINK = Pattern.compile("https://feedback\\.example\\.com(/survey/[A-Za-z0-9_-]+)");

    private static WebDriver browser;
    private static ChromeDriverService driverService;

    @LocalServerPort
    int port;

    @Autowired
    WebTestClient web;

    @BeforeAll
    static void startChromium() {
        Optional<Path> chromium = onPath("chromium", "chromium-browser", "google-chrome");
        Optional<Path> driver = onPath("chromedriver");
        if (chromium.isEmpty() || driver.isEmpty()) {
            System.err.println("""

                    ************************************************************************************
                    * SurveyBrowserIT SKIPPED: no Chromium%s on PATH.
                    * The survey page's browser test did not run. Install it: apt-get install -y chromium chromium-driver
                    ************************************************************************************
                    """.formatted(driver.isEmpty() ? " / chromedriver" : ""));
        }
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
                "--disable-dev-shm-usage", "--window-size=412,915", "--lang=zh-CN");
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
    void theCustomerAnswersTheSurveyOnceFromTheMailAndALowScoreReopensTheComplaint() throws IOException {
        String customer = newMailbox("han.meimei");
        Events stream = new Events(newComplaintId());
        publish(stream.received(NOW.minusSeconds(7200), new Complainant("韩梅梅", "13987654321", customer, null),
                "zh-CN", "charger", "充电器发热", "新买的充电器用了十分钟就很烫。"));
        publish(stream.resolved(NOW.minusSeconds(60), "为您更换了新的充电器", "新充电器温度正常", null, null));
        TestMailServer.Mail mail = await().atMost(PATIENCE)
                .until(() -> mailServer().inbox(customer), inbox -> inbox.size() == 1).get(0);
        Matcher link = LINK.matcher(mail.text());
        assertThat(link.find()).as("the mail carries the survey link").isTrue();
        String page = "http://localhost:" + port + link.group(1);

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get(page);
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
        assertThat(browser.findElement(By.id("heading")).getText()).isEqualTo("您对投诉的处理满意吗？");
        assertThat(browser.findElement(By.id("solution")).getText()).isEqualTo("为您更换了新的充电器");
        // the customer's own number, never the internal id
        assertThat(browser.findElement(By.tagName("body")).getText())
                .contains("查询编号: " + TrackingNumbers.forComplaint(stream.complaintId()))
                .doesNotContain(stream.complaintId());
        assertThat(mail.text()).contains("查询编号：" + TrackingNumbers.forComplaint(stream.complaintId()));

        // in English and back: the same form in the other language
        browser.findElement(By.id("lang-switch")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("heading"),
                "Are you satisfied with how we handled your complaint?"));
        browser.findElement(By.id("lang-switch")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("heading"), "您对投诉的处理满意吗"));

        // sent without a score: said next to the scores, the comment kept
        browser.findElement(By.id("comment")).sendKeys("还是有点烫");
        browser.findElement(By.id("submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("score-error"), "请选择一个分数"));
        assertThat(browser.findElement(By.id("comment")).getAttribute("value")).isEqualTo("还是有点烫");
        screenshot("survey-missing-score");

        browser.findElement(By.cssSelector("label[for=score-2]")).click();
        browser.findElement(By.id("submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("heading"), "感谢您的评价"));
        assertThat(browser.findElement(By.id("message-text")).getText()).contains("重新处理");
        screenshot("survey-thanks");

        // the link works once
        browser.get(page);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("heading"), "此评价已提交"));
        screenshot("survey-answered");
        web.post().uri(link.group(1)).contentType(org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("score=5&comment=again").exchange().expectStatus().isEqualTo(409);

        JsonNode satisfaction = command(stream.complaintId(), "RecordSatisfaction");
        assertThat(satisfaction.path("commandId").asText())
                .isEqualTo("feedback-satisfaction-" + stream.complaintId() + "-r1");
        assertThat(satisfaction.path("score").asInt()).isEqualTo(2);
        assertThat(satisfaction.path("comment").asText()).isEqualTo("还是有点烫");
        assertThat(satisfaction.path("method").asText()).isEqualTo("online");
        assertThat(commandsUntil(stream.complaintId(), c -> true).stream()
                .filter(c -> "RecordSatisfaction".equals(c.path("type").asText()))).hasSize(1);

        // the complaint records the answer; a score of 2 reopens it and starts a care task
        publish(stream.satisfaction(NOW, 2, "还是有点烫", "online"));
        JsonNode reopen = command(stream.complaintId(), "ReopenComplaint");
        assertThat(reopen.path("reason").asText()).contains("评分 2/5", "还是有点烫");
        web.get().uri("/api/v1/care-tasks?complaintId={id}", stream.complaintId()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].score").isEqualTo(2)
                .jsonPath("$[0].status").isEqualTo("open");
        assertThat(commandsUntil(stream.complaintId(), c -> true))
                .noneMatch(c -> "CloseComplaint".equals(c.path("type").asText()));
    }

    @Test
    void anUnknownLinkSaysSoInTheDefaultLanguage() {
        browser.get("http://localhost:" + port + "/survey/not-a-real-token-0000000000");
        assertThat(browser.findElement(By.id("heading")).getText()).isEqualTo("找不到此评价");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
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
