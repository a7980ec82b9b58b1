package io.closedloop.analytics.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.closedloop.analytics.AbstractIntegrationTest;
import io.closedloop.contract.json.ContractJson;
import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The reports are an API for department dashboards and BI tools: described by OpenAPI, and the document is kept. */
class OpenApiDocumentIT extends AbstractIntegrationTest {

    @Autowired
    WebTestClient web;

    @Test
    void everyReportIsDescribedWithItsParametersAndBothFormats() {
        web.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/api/v1/reports/trends'].get.parameters[*].name").value(names ->
                        assertThat((List<String>) names).contains("from", "to", "asOf", "format", "category",
                                "categoryLevel1", "channel", "department", "region", "bucket", "by")
                                .doesNotContain("params", "Accept"))
                .jsonPath("$.paths['/api/v1/reports/breakdown'].get.parameters[?(@.name == 'by')].required")
                .isEqualTo(List.of(true))
                .jsonPath("$.paths['/api/v1/reports/kpis'].get.responses['200'].content['text/csv']").exists()
                .jsonPath("$.paths['/api/v1/reports/kpis'].get.responses['400'].content['application/problem+json']")
                .exists()
                .jsonPath("$.paths['/api/v1/reports/complaints'].get.parameters[*].name").value(names ->
                        assertThat((List<String>) names).contains("bucketStart", "topic", "limit", "offset"))
                .jsonPath("$.paths['/api/v1/projections/rebuilds'].post.summary").isNotEmpty()
                .jsonPath("$.paths['/api/v1/complaints/{id}/events'].get").exists()
                .jsonPath("$.paths['/api/v1/complaints/{id}/timeline'].get").exists();
    }

    /**
     * docs/openapi-analytics.json is the API as the running service describes it. Regenerate it after an API change
     * with {@code ./mvnw -pl analytics-service verify -Dit.test=OpenApiDocumentIT -Dopenapi.update=true}.
     */
    @Test
    void theCommittedDocumentMatchesTheRunningService() throws Exception {
        byte[] live = web.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBodyContent();
        var document = (ObjectNode) ContractJson.mapper().readTree(live);
        document.remove("servers"); // the test's random port
        String current = ContractJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(document);
        Path committed = Path.of("..", "docs", "openapi-analytics.json");
        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(committed, current + "\n");
        }
        assertThat(committed).as("docs/openapi-analytics.json (regenerate with -Dopenapi.update=true)").exists();
        JSONAssert.assertEquals(Files.readString(committed), current, JSONCompareMode.NON_EXTENSIBLE);
    }
}
