package io.closedloop.analytics.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closedloop.analytics.report.Dimension;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Every text of the dashboard exists in both languages, and every key the page and its script use has a text. */
class DashboardMessagesTest {

    private static final Pattern HTML_KEY = Pattern.compile("data-i18n(?:-[a-z]+)?=\"([^\"]+)\"");
    private static final Pattern QUOTED = Pattern.compile("'([A-Za-z][A-Za-z0-9]*(?:\\.[A-Za-z0-9-]+)*\\.?)'");
    private static final Pattern T_CALL = Pattern.compile("\\bt\\('([^']+)'");
    private static final Pattern COLUMNS = Pattern.compile("const COLUMNS = \\[([^\\]]*)]");

    private final JsonNode messages = new ObjectMapper().readTree(resource("messages.json"));

    DashboardMessagesTest() throws IOException {
    }

    @Test
    void chineseAndEnglishHaveTheSameKeysAndNoEmptyText() {
        assertThat(keys("en")).isEqualTo(keys("zh-CN")).isNotEmpty();
        for (String language : List.of("zh-CN", "en")) {
            messages.get(language).fields().forEachRemaining(text -> assertThat(text.getValue().asText())
                    .as("%s %s", language, text.getKey()).isNotBlank());
        }
    }

    @Test
    void everyKeyThePageUsesHasAText() throws IOException {
        Set<String> used = new TreeSet<>();
        Matcher m = HTML_KEY.matcher(resource("index.html"));
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).contains("title", "kpi.received");
        assertThat(keys("zh-CN")).containsAll(used);
    }

    @Test
    void everyKeyTheScriptUsesHasAText() throws IOException {
        String script = resource("dashboard.js");
        Set<String> prefixes = new TreeSet<>();
        keys("zh-CN").forEach(k -> prefixes.add(k.substring(0, k.indexOf('.') < 0 ? k.length() : k.indexOf('.'))));
        Set<String> used = new TreeSet<>();
        Set<String> dynamic = new TreeSet<>();
        Matcher m = QUOTED.matcher(script);
        while (m.find()) {
            String key = m.group(1);
            String first = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
            if (!key.contains(".") || !prefixes.contains(first)) {
                continue;          // not a message key: an id, a CSS class, a storage name
            }
            (key.endsWith(".") ? dynamic : used).add(key);
        }
        // every literal t('...') call, whatever its prefix (a misspelt prefix is caught here)
        Matcher call = T_CALL.matcher(script);
        while (call.find()) {
            if (!call.group(1).endsWith(".")) {
                used.add(call.group(1));
            }
        }
        assertThat(used).contains("drill.title", "efficiency.ackMedian", "projection.switched", "value.none");
        assertThat(keys("zh-CN")).containsAll(used);

        // keys made in the script: a prefix plus a dimension name or a table column
        assertThat(dynamic).containsExactlyInAnyOrder("dim.", "col.", "value.");
        for (Dimension d : Dimension.values()) {
            assertThat(keys("zh-CN")).contains("dim." + d.apiName());
        }
        Matcher columns = COLUMNS.matcher(script);
        assertThat(columns.find()).isTrue();
        Arrays.stream(columns.group(1).split(",")).map(c -> "col." + c.strip().replace("'", ""))
                .forEach(key -> assertThat(keys("zh-CN")).contains(key));
    }

    private Set<String> keys(String language) {
        Set<String> keys = new TreeSet<>();
        messages.get(language).fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DashboardMessagesTest.class.getResourceAsStream("/static/dashboard/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
