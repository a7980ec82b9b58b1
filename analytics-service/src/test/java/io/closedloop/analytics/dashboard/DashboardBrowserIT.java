package io.closedloop.analytics.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closedloop.analytics.AbstractIntegrationTest;
import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.ChannelContext;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.Deadline;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.event.ComplaintAcknowledgedEvent;
import io.closedloop.contract.event.ComplaintClassifiedEvent;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.event.ComplaintResolvedEvent;
import io.closedloop.contract.event.DeadlinesSetEvent;
import io.closedloop.contract.event.DepartmentAssignedEvent;
import io.closedloop.contract.event.EscalationRaisedEvent;
import io.closedloop.contract.event.SatisfactionRecordedEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real headless Chromium over complaints whose whole story is published on the real stream: the
 * figures in Chinese and in English, drill-down from a bar to the complaints behind it and on to one complaint's
 * timeline, filters kept in the URL (and undone by the back button), a report as of a past moment, and a rebuild
 * followed to its switch. The complaints carry a product of their own, and the page is opened filtered by it, so
 * other tests' complaints in the same database do not count. Skipped, loudly, only where Chromium or chromedriver
 * are not installed, and never in CI ({@code CI=true}).
 */
class DashboardBrowserIT extends AbstractIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** 2025-03-12 and 2025-03-13, 10:00 in Shanghai */
    private static final Instant DAY1 = Instant.parse("2025-03-12T02:00:00Z");
    private static final Instant DAY2 = Instant.parse("2025-03-13T02:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static WebDriver browser;
    private static ChromeDriverService driverService;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    final String product = "P-" + UUID.randomUUID();
    final List<ComplaintEventEnvelope> published = new ArrayList<>();

    @BeforeAll
    static void startChromium() {
        Optional<Path> chromium = onPath("chromium", "chromium-browser", "google-chrome");
        Optional<Path> driver = onPath("chromedriver");
        if (chromium.isEmpty() || driver.isEmpty()) {
            System.err.println("""

                    ************************************************************************************
                    * DashboardBrowserIT SKIPPED: no Chromium%s on PATH.
                    * The dashboard's browser test did not run. Install it: apt-get install -y chromium chromium-driver
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
                "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=zh-CN");
        // headless Chromium ignores --lang for the Accept-Language it sends; this preference it honours
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", "zh-CN,zh"));
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
    void showsTheFiguresInBothLanguagesAndDrillsDownFromABarToTheComplaintsAndATimeline() throws IOException {
        String a = complaint(DAY1, Channel.WEB, "product-quality/brakes", "quality", "major", "刹车");
        acknowledge(a, DAY1.plusSeconds(1800));
        resolve(a, DAY1.plusSeconds(86_400), 5);
        String b = complaint(DAY1.plusSeconds(600), Channel.PHONE, "product-quality/engine", "quality", "general",
                "发动机");
        acknowledge(b, DAY1.plusSeconds(600 + 7200));
        escalate(b, "acknowledge");
        String c = complaint(DAY1.plusSeconds(1200), Channel.WEB, "logistics", "logistics", "general", "快递");
        resolve(c, DAY1.plusSeconds(1200 + 3600), 2);
        String d = complaint(DAY2, Channel.EMAIL, "logistics", "logistics", "major", "快递");
        String e = complaint(DAY2.plusSeconds(60), Channel.WEB, "price", null, "general", "价格");
        awaitProjected(a, 6);
        awaitProjected(b, 5);
        awaitProjected(c, 5);
        awaitProjected(d, 3);
        awaitProjected(e, 1);

        // in Chinese, as the browser asks for it
        open("/dashboard/?product=" + product);
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
        assertThat(text("h1")).isEqualTo("投诉分析看板");
        assertThat(byId("kpi-received").getText()).isEqualTo("5");
        assertThat(byId("kpi-resolutionRate").getText()).isEqualTo("40.0%");
        assertThat(byId("kpi-satisfactionAverage").getText()).isEqualTo("3.5");
        assertThat(byId("kpi-resolveMedianHours").getText()).endsWith("小时");

        JsonNode channels = option("chart-breakdown-channel");
        assertThat(strings(channels.at("/yAxis/0/data"))).containsExactly("web", "email", "phone");
        assertThat(numbers(channels.at("/series/0/data"))).containsExactly(3.0, 1.0, 1.0);
        JsonNode trend = option("chart-trend");
        assertThat(strings(trend.at("/xAxis/0/data"))).containsExactly("2025-03-12", "2025-03-13");
        assertThat(seriesData(trend, "web")).containsExactly(2.0, 1.0);
        assertThat(seriesData(trend, "phone")).containsExactly(1.0, 0.0);
        JsonNode efficiency = option("chart-efficiency");
        List<String> departments = strings(efficiency.at("/xAxis/0/data"));
        assertThat(departments).containsExactlyInAnyOrder("(none)", "logistics", "quality");
        // acknowledged after half an hour and after two: median 1.25 h, p90 1.85 h
        int quality = departments.indexOf("quality");
        assertThat(seriesData(efficiency, "acknowledgeMedianHours").get(quality)).isEqualTo(1.25);
        assertThat(seriesData(efficiency, "acknowledgeP90Hours").get(quality)).isEqualTo(1.85);
        JsonNode breaches = option("chart-breaches");
        assertThat(strings(breaches.at("/xAxis/0/data"))).containsExactlyInAnyOrder("logistics", "quality");
        JsonNode hotSpots = option("chart-hotspots");
        assertThat(strings(hotSpots.at("/yAxis/0/data")).get(0)).isEqualTo("快递");
        assertThat(browser.findElements(By.cssSelector("#major-stillOpen tr[data-complaint='" + d + "']"))).hasSize(1);
        assertThat(byId("csv-kpis").getAttribute("href")).contains("/api/v1/reports/kpis?", "product=" + product,
                "format=csv");
        screenshot("dashboard-zh");

        // a click on the phone bar lists the one complaint behind it; its link opens its timeline
        clickBar("chart-breakdown-channel", "phone");
        waitFor(() -> rows("drill-table").equals(List.of(b)));
        assertThat(byId("drill-title").getText()).contains("渠道", "电话");
        byId("drill-table").findElement(By.cssSelector("a.complaint-link")).click();
        waitFor(() -> byId("timeline").getText().contains("EscalationRaised"));
        assertThat(byId("timeline").getText()).contains("Complaint " + b, "ComplaintAcknowledged")
                .doesNotContain("13812345678");
        screenshot("dashboard-drill-down");
        byId("drill-close").click();

        // the bar of complaints with no department finds them too
        clickBar("chart-breakdown-department", "(none)");
        waitFor(() -> rows("drill-table").equals(List.of(e)));
        byId("drill-close").click();

        // in English, remembered when the page is opened again without asking
        byId("lang-switch").click();
        waitFor(() -> text("h1").equals("Complaint analytics"));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        assertThat(browser.findElement(By.cssSelector("#panel-kpis h2")).getText()).isEqualTo("Key figures");
        open("/dashboard/?product=" + product);
        assertThat(text("h1")).isEqualTo("Complaint analytics");
        assertThat(byId("kpi-resolutionRate").getText()).isEqualTo("40.0%");
        assertThat(byId("kpi-resolveMedianHours").getText()).endsWith(" h");
        screenshot("dashboard-en");

        // at phone width nothing runs off the side of the screen
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(412, 915));
        waitFor(() -> (Boolean) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth <= window.innerWidth;"));
        screenshot("dashboard-phone");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));

        // a filter changes the figures and the URL; the back button brings the first figures back
        byId("f-channel").sendKeys("web");
        byId("apply").click();
        waitFor(() -> byId("kpi-received").getText().equals("3"));
        assertThat(browser.getCurrentUrl()).contains("channel=web");
        assertThat(numbers(option("chart-breakdown-channel").at("/series/0/data"))).containsExactly(3.0);
        browser.navigate().back();
        waitFor(() -> byId("kpi-received").getText().equals("5"));
        assertThat(byId("f-channel").getAttribute("value")).isEmpty();

        // the report as it stood at noon on 12 March (Shanghai): three complaints in, only c resolved
        ((JavascriptExecutor) browser).executeScript(
                "document.getElementById('f-asOf').value = '2025-03-12T12:00';");
        byId("apply").click();
        waitFor(() -> byId("kpi-received").getText().equals("3"));
        assertThat(byId("kpi-resolutionRate").getText()).isEqualTo("33.3%");
        assertThat(byId("as-of-banner").getText()).contains("2025-03-12 12:00");
        assertThat(browser.getCurrentUrl()).contains("asOf=2025-03-12T12%3A00");
    }

    @Test
    void aRebuildShowsItsProgressUntilTheNewGenerationServesTheSameFigures() {
        String a = complaint(DAY1, Channel.SOCIAL, "after-sales", "service", "general", "维修");
        resolve(a, DAY1.plusSeconds(5000), 4);
        awaitProjected(a, 5);
        int before = liveGeneration();

        open("/dashboard/?lang=en&product=" + product);
        assertThat(byId("projection-live").getText()).isEqualTo(String.valueOf(before));
        byId("rebuild").click();
        waitFor(() -> byId("rebuild-status").getText().startsWith("Switched to generation"));
        waitFor(() -> !byId("projection-live").getText().equals(String.valueOf(before))
                && "ready".equals(byId("dashboard").getAttribute("data-status")));
        assertThat(byId("projection-live").getText()).isEqualTo(String.valueOf(liveGeneration()));
        assertThat(byId("kpi-received").getText()).isEqualTo("1");
        assertThat(byId("kpi-resolutionRate").getText()).isEqualTo("100.0%");
    }

    @Test
    void aBadFilterValueIsNamedOnThePage() {
        open("/dashboard/?lang=en&from=2025-03-13&to=2025-03-01");
        waitFor(() -> "error".equals(byId("dashboard").getAttribute("data-status")));
        assertThat(byId("error").findElement(By.cssSelector("li[data-field='from']")).getText())
                .isEqualTo("from: is after to");
    }

    /** Each test starts as a first visit: no language chosen on this page before. */
    @BeforeEach
    void forgetTheLanguageChosenBefore() {
        if (!signedIn) {
            // an administrator: the one role that may also rebuild a projection from the dashboard
            signIn("admin", "admin-demo");
            signedIn = true;
        }
        browser.get("http://localhost:" + port + "/dashboard/messages.json");
        ((JavascriptExecutor) browser).executeScript("localStorage.clear();");
    }

    // ------------------------------------------------------------------ the browser

    private static boolean signedIn;

    /** As a person would, on the sign-in page; afterwards the browser's session cookie carries them. */
    private void signIn(String username, String password) {
        browser.get("http://localhost:" + port + "/login");
        browser.findElement(By.name("username")).sendKeys(username);
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor(() -> !browser.getCurrentUrl().contains("/login"));
    }

    private void open(String path) {
        browser.get("http://localhost:" + port + path);
        waitFor(() -> !"loading".equals(byId("dashboard").getAttribute("data-status")));
    }

    private static WebElement byId(String id) {
        return browser.findElement(By.id(id));
    }

    private static String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private static void waitFor(java.util.function.Supplier<Boolean> condition) {
        new WebDriverWait(browser, PATIENCE).until(driver -> condition.get());
    }

    /** The chart's option as ECharts holds it (functions left out). */
    private static JsonNode option(String chartId) throws IOException {
        Object json = ((JavascriptExecutor) browser).executeScript(
                "return JSON.stringify(echarts.getInstanceByDom(document.getElementById(arguments[0])).getOption());",
                chartId);
        return JSON.readTree((String) json);
    }

    /** Clicks the middle of the bar of {@code key} in a horizontal bar chart, where a person would. */
    private static void clickBar(String chartId, String key) throws IOException {
        JsonNode option = option(chartId);
        int index = strings(option.at("/yAxis/0/data")).indexOf(key);
        assertThat(index).as("%s has a bar for %s", chartId, key).isNotNegative();
        double value = option.at("/series/0/data/" + index).asDouble();
        WebElement chart = byId(chartId);
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", chart);
        @SuppressWarnings("unchecked")
        List<Number> pixel = (List<Number>) ((JavascriptExecutor) browser).executeScript(
                "return echarts.getInstanceByDom(arguments[0]).convertToPixel({seriesIndex: 0}, [arguments[1], arguments[2]]);",
                chart, value / 2, index);
        int x = (int) Math.round(pixel.get(0).doubleValue() - chart.getSize().getWidth() / 2.0);
        int y = (int) Math.round(pixel.get(1).doubleValue() - chart.getSize().getHeight() / 2.0);
        new Actions(browser).moveToElement(chart, x, y).click().perform();
    }

    private static List<String> rows(String tableId) {
        return byId(tableId).findElements(By.cssSelector("tbody tr")).stream()
                .map(tr -> tr.getAttribute("data-complaint")).toList();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<Double> numbers(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(v -> values.add(v.isNull() ? null : v.asDouble()));
        return values;
    }

    private static List<Double> seriesData(JsonNode option, String seriesId) {
        for (JsonNode series : option.path("series")) {
            if (seriesId.equals(series.path("id").asText())) {
                return numbers(series.path("data"));
            }
        }
        throw new AssertionError("no series " + seriesId + " in " + option.path("series"));
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

    // ------------------------------------------------------------------ the complaints' stories on the stream

    /** Receives and classifies; with a department, also assigns it and sets the 1-hour acknowledge clock. */
    private String complaint(Instant at, Channel channel, String category, String department, String severity,
            String topic) {
        String id = UUID.randomUUID().toString();
        publish(id, at, new ComplaintReceivedEvent(id, channel, "m-" + id, at,
                new Complainant("王芳", "13812345678", null, null), "投诉", "关于" + topic + "的问题",
                InfoType.COMPLAINT, product, null, null, List.of(), "上海市浦东新区", "zh",
                new ChannelContext(null, null, false, null, null, null), Actor.customer(channel, "test")));
        publish(id, at.plusSeconds(1), new ComplaintClassifiedEvent(id, InfoType.COMPLAINT, category, severity,
                List.of(topic), "rules@1", 1.0, false, Actor.service("routing-service", "rules@1")));
        if (department != null) {
            publish(id, at.plusSeconds(2), new DepartmentAssignedEvent(id, department, "normal", "rule", "rules@1",
                    at.plusSeconds(2), Actor.service("routing-service", "rules@1")));
            publish(id, at.plusSeconds(3), new DeadlinesSetEvent(id, List.of(new Deadline("acknowledge",
                    "ComplaintAcknowledged", at, null, at.plusSeconds(3600), "cal@1", "clocks@1")),
                    Actor.service("sla-timer-service", "clocks@1")));
        }
        return id;
    }

    private void acknowledge(String id, Instant at) {
        publish(id, at, new ComplaintAcknowledgedEvent(id, "dept", "已受理", at, Actor.user("agent")));
    }

    private void escalate(String id, String clock) {
        Instant at = published.stream().filter(e -> e.complaintId().equals(id)).reduce((x, y) -> y).orElseThrow()
                .occurredAt().plusSeconds(1);
        publish(id, at, new EscalationRaisedEvent(id, clock, 1, at, "lead",
                Actor.service("sla-timer-service", "clocks@1")));
    }

    private void resolve(String id, Instant at, int satisfaction) {
        publish(id, at, new ComplaintResolvedEvent(id, "fixed", at, Actor.user("agent")));
        publish(id, at.plusSeconds(60), new SatisfactionRecordedEvent(id, satisfaction, null, "phone",
                Actor.user("agent")));
    }

    private void publish(String id, Instant at, ComplaintEvent event) {
        long sequence = published.stream().filter(e -> e.complaintId().equals(id)).count();
        var envelope = new ComplaintEventEnvelope(UUID.randomUUID().toString(),
                ComplaintEvent.typeName(event.getClass()), "1", id, sequence, at, "corr-" + id,
                UUID.randomUUID().toString(), event);
        published.add(envelope);
        publish(envelope);
    }

    private void awaitProjected(String id, long lastSequence) {
        await().atMost(PATIENCE).until(() -> jdbc.sql("""
                        select count(*) from complaint_fact f join projection_generation g
                          on g.generation = f.generation and g.kind = 'live' and g.state = 'active'
                         where f.complaint_id = ? and f.last_sequence >= ?""")
                .params(id, lastSequence).query(Long.class).single() == 1);
    }

    private int liveGeneration() {
        return jdbc.sql("select generation from projection_generation where kind = 'live' and state = 'active'")
                .query(Integer.class).single();
    }
}
