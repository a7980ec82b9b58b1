package io.closedloop.analytics.report;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which complaints a report counts: received in [{@code from}, {@code to}), and, for each dimension given, with
 * that value. A category matches itself and everything below it in the taxonomy ({@code product-quality} matches
 * {@code product-quality/brakes}). The value {@code (none)} asks for the complaints without a value, the rows a
 * report shows as {@code (none)}: drill-down from such a bar finds them.
 */
public record ReportFilter(Instant from, Instant to, Map<Dimension, String> equal) {

    public ReportFilter {
        equal = Map.copyOf(equal);
    }

    public static ReportFilter between(Instant from, Instant to) {
        return new ReportFilter(from, to, Map.of());
    }

    public ReportFilter and(Dimension dimension, String value) {
        Map<Dimension, String> more = new LinkedHashMap<>(equal);
        more.put(dimension, value);
        return new ReportFilter(from, to, more);
    }

    /** The SQL condition on complaint_fact aliased {@code f}, with its parameters appended to {@code params}. */
    String where(int generation, List<Object> params) {
        StringBuilder sql = new StringBuilder("f.generation = ? and f.received_at >= ? and f.received_at < ?");
        params.add(generation);
        params.add(java.sql.Timestamp.from(from));
        params.add(java.sql.Timestamp.from(to));
        equal.forEach((dimension, value) -> {
            // (none) first: the rows a report shows as (none) have no value, whatever the dimension
            if (value.equals(Dimension.NONE_VALUE)) {
                sql.append(" and ").append(dimension.column()).append(" is null");
            } else if (dimension == Dimension.CATEGORY) {
                sql.append(" and (f.category = ? or f.category like ?)");
                params.add(value);
                params.add(value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/%");
            } else {
                sql.append(" and ").append(dimension.column()).append(" = ?");
                params.add(value);
            }
        });
        return sql.toString();
    }
}
