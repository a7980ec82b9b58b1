package io.closedloop.analytics.dashboard;

import io.closedloop.analytics.AbstractIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** What a browser fetches before it draws anything: the redirects, the page, ECharts from its WebJar, the texts. */
class DashboardPagesIT extends AbstractIntegrationTest {

    @Autowired
    WebTestClient web;

    @LocalServerPort
    int port;

    @Test
    void theRootAndTheBareDashboardPathLeadToTheDashboardKeepingTheirQuery() {
        web.get().uri("/").exchange()
                .expectStatus().isFound()
                .expectHeader().location("/dashboard/");
        web.get().uri("/dashboard?lang=en&channel=web").exchange()
                .expectStatus().isFound()
                .expectHeader().location("/dashboard/?lang=en&channel=web");
    }

    @Test
    void servesThePageWithItsScriptStylesAndEchartsWithoutAVersionInThePath() {
        web.get().uri("/dashboard/").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class)
                .value(html -> assertThat(html)
                        .contains("/webjars/echarts/dist/echarts.min.js", "/dashboard/dashboard.js", "id=\"chart-trend\""));
        // the library is about 1 MB: more than a test client buffers by default
        web.mutate().codecs(c -> c.defaultCodecs().maxInMemorySize(8 * 1024 * 1024)).build()
                .get().uri("/webjars/echarts/dist/echarts.min.js").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/javascript")
                .expectBody(String.class)
                .value(js -> assertThat(js).contains("echarts").hasSizeGreaterThan(500_000));
        web.get().uri("/dashboard/dashboard.js").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/javascript");
        web.get().uri("/dashboard/dashboard.css").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/css");
    }

    @Test
    void servesTheTextsInBothLanguages() {
        web.get().uri("/dashboard/messages.json").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$['zh-CN'].title").isEqualTo("投诉分析看板")
                .jsonPath("$.en.title").isEqualTo("Complaint analytics");
    }

    @Test
    void compressesTheScriptsForSlowLinks() throws Exception {
        // the JDK's client, because WebTestClient's unpacks gzip by itself and hides the header
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/webjars/echarts/dist/echarts.min.js"))
                .header(HttpHeaders.ACCEPT_ENCODING, "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(HttpHeaders.CONTENT_ENCODING)).hasValue("gzip");
        assertThat(response.body().length).as("compressed size").isLessThan(600_000);
    }

    @Test
    void theSettingsNameTheDimensionsAndTheLanguageTheBrowserPrefers() {
        web.get().uri("/api/v1/dashboard/settings").header(HttpHeaders.ACCEPT_LANGUAGE, "en-GB,en;q=0.9,zh;q=0.5")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.language").isEqualTo("en")
                .jsonPath("$.zone").isEqualTo("Asia/Shanghai")
                .jsonPath("$.filters.length()").isEqualTo(7)
                .jsonPath("$.breakdowns[0]").isEqualTo("categoryLevel1")
                .jsonPath("$.buckets").isEqualTo(java.util.List.of("day", "week", "month"))
                .jsonPath("$.noneValue").isEqualTo("(none)");
        web.get().uri("/api/v1/dashboard/settings").header(HttpHeaders.ACCEPT_LANGUAGE, "zh-TW,zh;q=0.9").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.language").isEqualTo("zh-CN");
        web.get().uri("/api/v1/dashboard/settings").header(HttpHeaders.ACCEPT_LANGUAGE, "fr-FR;;;q=x").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.language").isEqualTo("zh-CN");
    }

    @Test
    void theProjectionOverviewSaysHowFreshTheFiguresAre() {
        web.get().uri("/api/v1/projections").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.live").isNumber()
                .jsonPath("$.lagSeconds").isNumber()
                .jsonPath("$.eventsInLog").isNumber();
    }
}
