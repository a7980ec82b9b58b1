package io.closedloop.analytics.web;

import io.closedloop.analytics.report.Dimension;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Describes the report parameters in the OpenAPI document. The report endpoints read their parameters from one map
 * (every report shares the period, the filters and {@code asOf}, checked together by {@link ReportQuery}), which
 * springdoc cannot see into; this adds each parameter, with what it means, to every report operation.
 */
@Configuration(proxyBeanMethods = false)
class ReportApiDocumentation {

    private static final String REPORTS = "/api/v1/reports";

    /** The parameters a report takes besides the shared ones, by path. */
    private static final Map<String, List<Parameter>> OWN = Map.of(
            "/trends", List.of(bucket(), query("by", "A dimension to count by (one series per value): "
                    + Dimension.names())),
            "/breakdown", List.of(required(query("by", "The dimension to count by: " + Dimension.names())),
                    integer("limit", "At most this many values, most complaints first (1-1000, default 50)")),
            "/efficiency", List.of(query("bucket", "day, week, month (default day), or all: the whole period as one "
                    + "bucket"), query("byDepartment", "true: one row per bucket and department")),
            "/hotspots", List.of(integer("limit", "At most this many topics (1-500, default 20)")),
            "/hotspots/alerts", List.of(integer("limit", "At most this many alerts, newest first (1-1000, default 100)")),
            "/major-daily", List.of(query("date", "The day, e.g. 2026-09-30 (default today, in the organisation's "
                    + "zone); only asOf of the shared parameters applies")),
            "/complaints", List.of(bucket(), query("bucketStart", "With bucket: only the complaints of the bucket "
                            + "starting then, e.g. 2026-09-28"), query("topic", "Only complaints about this topic"),
                    integer("limit", "At most this many complaints (1-1000, default 100)"),
                    integer("offset", "Skip this many (for paging)")));

    @Bean
    OpenApiCustomizer reportParameters() {
        return api -> {
            api.info(new Info().title("Closed Loop analytics-service API").version("v1").description(
                    "Reports built from complaint.events.v1 (JSON, or CSV with format=csv or Accept: text/csv), "
                            + "rebuilds of the projections, and the audit view of one complaint's stream."));
            api.getPaths().forEach((path, item) -> {
                if (!path.startsWith(REPORTS) || item.getGet() == null) {
                    return;
                }
                Operation get = item.getGet();
                shared().forEach(get::addParametersItem);
                OWN.getOrDefault(path.substring(REPORTS.length()), List.of()).forEach(get::addParametersItem);
                get.setResponses(new ApiResponses()
                        .addApiResponse("200", new ApiResponse().description("The report").content(new Content()
                                .addMediaType("application/json", new MediaType().schema(new Schema<>()))
                                .addMediaType("text/csv", new MediaType().schema(new StringSchema()))))
                        .addApiResponse("400", problem("A parameter is wrong; errors[] names each one and why")));
            });
        };
    }

    private static List<Parameter> shared() {
        List<Parameter> parameters = new ArrayList<>(List.of(
                query("from", "Complaints received from then on: 2026-09-01, 2026-09-01T08:00 (both in the "
                        + "organisation's zone) or 2026-09-01T00:00:00+08:00"),
                query("to", "Complaints received before then; same forms as from"),
                query("asOf", "The report as it stood at that past moment, built from the events recorded up to "
                        + "it; same forms as from"),
                query("format", "csv for CSV (or send Accept: text/csv); JSON otherwise")));
        for (Dimension d : Dimension.values()) {
            parameters.add(query(d.apiName(), "Only complaints with this " + d.apiName() + "; "
                    + Dimension.NONE_VALUE + " for those without one"));
        }
        return parameters;
    }

    private static Parameter bucket() {
        return query("bucket", "day, week or month (default day), in the organisation's zone");
    }

    private static Parameter query(String name, String description) {
        return new Parameter().in("query").name(name).description(description).required(false)
                .schema(new StringSchema());
    }

    private static Parameter integer(String name, String description) {
        return new Parameter().in("query").name(name).description(description).required(false)
                .schema(new IntegerSchema());
    }

    private static Parameter required(Parameter parameter) {
        return parameter.required(true);
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(
                "application/problem+json", new MediaType().schema(new Schema<>())));
    }
}
