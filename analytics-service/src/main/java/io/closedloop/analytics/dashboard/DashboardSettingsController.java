package io.closedloop.analytics.dashboard;

import io.closedloop.analytics.report.Dimension;
import io.closedloop.analytics.report.Reports;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the dashboard page needs to know before it asks for reports: the dimensions it can filter and break down by,
 * the time buckets, the organisation's zone (days are counted there), and which of its languages the browser
 * prefers.
 */
@RestController
class DashboardSettingsController {

    /** The page's languages; the first is the default. */
    static final List<String> LANGUAGES = List.of("zh-CN", "en");

    /** Shown as filters (status and language are not: they are figures, not ways to slice). */
    static final List<Dimension> FILTERS = List.of(Dimension.CATEGORY, Dimension.INFO_TYPE, Dimension.CHANNEL,
            Dimension.DEPARTMENT, Dimension.SEVERITY, Dimension.PRODUCT, Dimension.REGION);

    /** One bar chart each, the first level of the category tree first: the cause analysis at a glance. */
    static final List<Dimension> BREAKDOWNS = List.of(Dimension.CATEGORY_LEVEL1, Dimension.CATEGORY,
            Dimension.INFO_TYPE, Dimension.CHANNEL, Dimension.DEPARTMENT, Dimension.SEVERITY, Dimension.PRODUCT,
            Dimension.REGION, Dimension.STATUS);

    record Settings(String language, List<String> languages, String zone, List<String> dimensions,
            List<String> filters, List<String> breakdowns, List<String> buckets, String defaultBucket,
            String defaultTrendBy, String noneValue) {
    }

    private final Reports reports;

    DashboardSettingsController(Reports reports) {
        this.reports = reports;
    }

    @GetMapping(path = "/api/v1/dashboard/settings", produces = MediaType.APPLICATION_JSON_VALUE)
    Settings settings(@RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage) {
        return new Settings(language(acceptLanguage), LANGUAGES, reports.zone().getId(),
                Arrays.stream(Dimension.values()).map(Dimension::apiName).toList(),
                FILTERS.stream().map(Dimension::apiName).toList(),
                BREAKDOWNS.stream().map(Dimension::apiName).toList(),
                List.of("day", "week", "month"), "day", Dimension.CHANNEL.apiName(), Dimension.NONE_VALUE);
    }

    /** The browser's most wanted of the page's languages: any Chinese is zh-CN, any English en; else the default. */
    static String language(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return LANGUAGES.get(0);
        }
        List<Locale.LanguageRange> wanted;
        try {
            wanted = Locale.LanguageRange.parse(acceptLanguage);
        } catch (IllegalArgumentException malformed) {
            // a header the browser got wrong is no reason to refuse the page: it gets the default language
            return LANGUAGES.get(0);
        }
        for (Locale.LanguageRange range : wanted) {
            String tag = range.getRange().toLowerCase(Locale.ROOT);
            if (range.getWeight() > 0 && (tag.equals("zh") || tag.startsWith("zh-"))) {
                return "zh-CN";
            }
            if (range.getWeight() > 0 && (tag.equals("en") || tag.startsWith("en-"))) {
                return "en";
            }
        }
        return LANGUAGES.get(0);
    }
}
