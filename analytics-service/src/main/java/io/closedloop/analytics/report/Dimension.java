package io.closedloop.analytics.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What complaints can be counted by and filtered on; the names are the API's, the columns complaint_fact's. */
public enum Dimension {
    CATEGORY("category", "f.category"),
    /** the first level of the category tree, e.g. {@code product-quality} of {@code product-quality/brakes/noise} */
    CATEGORY_LEVEL1("categoryLevel1", "split_part(f.category, '/', 1)"),
    INFO_TYPE("infoType", "f.info_type"),
    CHANNEL("channel", "f.channel"),
    DEPARTMENT("department", "f.department"),
    SEVERITY("severity", "f.severity"),
    PRODUCT("product", "f.product"),
    REGION("region", "f.region"),
    STATUS("status", "f.status"),
    LANGUAGE("language", "f.language");

    /** How a missing value (a complaint not classified or assigned yet) is shown and asked for. */
    public static final String NONE_VALUE = "(none)";

    private final String apiName;
    private final String column;

    Dimension(String apiName, String column) {
        this.apiName = apiName;
        this.column = column;
    }

    public String apiName() {
        return apiName;
    }

    String column() {
        return column;
    }

    public static Optional<Dimension> of(String apiName) {
        return Arrays.stream(values()).filter(d -> d.apiName.equalsIgnoreCase(apiName.strip())).findFirst();
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(Dimension::apiName).toList());
    }

    /** The API name of a time bucket, checked: day, week or month. */
    public static Optional<String> bucket(String name) {
        String b = name == null ? "day" : name.strip().toLowerCase(Locale.ROOT);
        return switch (b) {
            case "day", "week", "month" -> Optional.of(b);
            default -> Optional.empty();
        };
    }
}
