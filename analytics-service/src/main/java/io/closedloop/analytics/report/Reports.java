package io.closedloop.analytics.report;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every figure analytics reports, computed in PostgreSQL from one generation of the complaint facts. Days, weeks and
 * months are the organisation's ({@code closedloop.analytics.zone}, Asia/Shanghai by default): a complaint made at
 * 23:30 in Shanghai counts on that day, not the next one UTC would give.
 */
@Service
public class Reports {

    /** Complaints counted in one time bucket under one value of a dimension. */
    public record Count(String bucket, String key, long complaints) {
    }

    /** Complaints counted under one value of a dimension, and their share of all counted. */
    public record Share(String key, long complaints, double share) {
    }

    /** How fast complaints were handled in one bucket (hours from receipt), per department if asked. */
    public record Efficiency(String bucket, String department, long received, long acknowledged,
            Double acknowledgeMedianHours, Double acknowledgeP90Hours, long resolved, Double resolveMedianHours,
            Double resolveP90Hours) {
    }

    /** One clock's compliance: due so far, met in time, missed, and the share met in time. */
    public record ClockCompliance(String clock, long due, long metInTime, long missed, Double compliance,
            long escalations) {
    }

    /** Missed deadlines of one department on one clock (考核). */
    public record Breaches(String department, String clock, long due, long metInTime, long missed, long escalations) {
    }

    /** Compensation paid in one currency. */
    public record Paid(String currency, BigDecimal amount, long complaints) {
    }

    /** The key figures for the complaints a filter selects. */
    public record Kpis(long received, long resolved, long closed, long withdrawn, long open, Double resolutionRate,
            Double resolveMedianHours, long satisfactionAnswers, Double satisfactionAverage, Double satisfiedShare,
            Double repeatRate, Double reopenRate, long promises, Double promiseKeptRate, long publicPosts,
            List<ClockCompliance> sla, List<Paid> compensationPaid) {
    }

    /** A topic, how many complaints count under it, and how well they are being handled. */
    public record Topic(String topic, long complaints, double share, long resolved, Double resolveMedianHours) {
    }

    /** One complaint as reports show it: no personal data, only what it is about and where it stands. */
    public record ComplaintRow(String complaintId, Instant receivedAt, String channel, String infoType,
            String category, String severity, String product, String region, String department, String status,
            Instant acknowledgedAt, Instant resolvedAt, Integer satisfaction, int escalations, boolean publicPost) {
    }

    /** The bucket that is the whole period, for figures that cannot be added up from smaller buckets (medians). */
    public static final String WHOLE_PERIOD = "all";

    private final JdbcTemplate jdbc;
    private final ZoneId zone;
    private final List<String> majorSeverities;

    Reports(JdbcTemplate jdbc, @Value("${closedloop.analytics.zone:Asia/Shanghai}") ZoneId zone,
            @Value("${closedloop.analytics.major-severities:major,special,重大,特殊复杂,strong,irrational,强烈,非理性}")
            List<String> majorSeverities) {
        this.jdbc = jdbc;
        this.zone = zone;
        this.majorSeverities = List.copyOf(majorSeverities);
    }

    public ZoneId zone() {
        return zone;
    }

    /** Complaints per day, week or month, overall or by one dimension. */
    public List<Count> trend(int generation, ReportFilter filter, String bucket, Dimension by) {
        List<Object> params = new ArrayList<>();
        params.add(bucket);
        params.add(zone.getId());
        String key = by == null ? "'all'" : "coalesce(" + by.column() + ", '" + Dimension.NONE_VALUE + "')";
        String where = filter.where(generation, params);
        return jdbc.query("""
                select to_char(date_trunc(?, f.received_at at time zone ?), 'YYYY-MM-DD') as bucket, %s as key,
                       count(*) as complaints
                  from complaint_fact f where %s group by 1, 2 order by 1, 2
                """.formatted(key, where),
                (rs, n) -> new Count(rs.getString(1), rs.getString(2), rs.getLong(3)), params.toArray());
    }

    /** Complaints by one dimension, most first (cause analysis). */
    public List<Share> breakdown(int generation, ReportFilter filter, Dimension by, int limit) {
        List<Object> params = new ArrayList<>();
        String where = filter.where(generation, params);
        params.add(limit);
        return jdbc.query("""
                select coalesce(%s, '%s') as key, count(*) as complaints,
                       count(*)::float8 / nullif(sum(count(*)) over (), 0) as share
                  from complaint_fact f where %s group by 1 order by 2 desc, 1 limit ?
                """.formatted(by.column(), Dimension.NONE_VALUE, where),
                (rs, n) -> new Share(rs.getString(1), rs.getLong(2), rs.getDouble(3)), params.toArray());
    }

    /** Time to acknowledge and to resolve, per bucket ({@link #WHOLE_PERIOD}: one), per department if asked. */
    public List<Efficiency> efficiency(int generation, ReportFilter filter, String bucket, boolean byDepartment) {
        List<Object> params = new ArrayList<>();
        String bucketKey = "'" + WHOLE_PERIOD + "'";
        if (!WHOLE_PERIOD.equals(bucket)) {
            bucketKey = "to_char(date_trunc(?, f.received_at at time zone ?), 'YYYY-MM-DD')";
            params.add(bucket);
            params.add(zone.getId());
        }
        String department = byDepartment ? "coalesce(f.department, '" + Dimension.NONE_VALUE + "')" : "'all'";
        String where = filter.where(generation, params);
        return jdbc.query("""
                select %s as bucket, %s as department,
                       count(*) as received,
                       count(f.acknowledged_at) as acknowledged,
                       percentile_cont(0.5) within group (order by %s) as ack_median,
                       percentile_cont(0.9) within group (order by %s) as ack_p90,
                       count(f.resolved_at) as resolved,
                       percentile_cont(0.5) within group (order by %s) as resolve_median,
                       percentile_cont(0.9) within group (order by %s) as resolve_p90
                  from complaint_fact f where %s group by 1, 2 order by 1, 2
                """.formatted(bucketKey, department, hours("f.acknowledged_at"), hours("f.acknowledged_at"),
                        hours("f.resolved_at"), hours("f.resolved_at"), where),
                (rs, n) -> new Efficiency(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        dbl(rs, 5), dbl(rs, 6), rs.getLong(7), dbl(rs, 8), dbl(rs, 9)), params.toArray());
    }

    /** The key figures; deadlines count as missed once they are past {@code at} without being met. */
    public Kpis kpis(int generation, ReportFilter filter, Instant at) {
        List<Object> params = new ArrayList<>();
        String where = filter.where(generation, params);
        Map<String, Object> k = jdbc.queryForMap("""
                select count(*) as received,
                       count(*) filter (where f.status in ('RESOLVED', 'CLOSED')) as resolved,
                       count(*) filter (where f.status = 'CLOSED') as closed,
                       count(*) filter (where f.status = 'WITHDRAWN') as withdrawn,
                       percentile_cont(0.5) within group (order by %s) as resolve_median,
                       count(f.satisfaction) as answers,
                       avg(f.satisfaction)::float8 as satisfaction,
                       (count(*) filter (where f.satisfaction >= 4))::float8 / nullif(count(f.satisfaction), 0) as satisfied,
                       (count(*) filter (where f.duplicate_of is not null))::float8 / nullif(count(*), 0) as repeats,
                       (count(*) filter (where f.reopened > 0))::float8
                           / nullif(count(*) filter (where f.reopened > 0 or f.resolved_at is not null
                                                     or f.status in ('RESOLVED', 'CLOSED')), 0) as reopens,
                       count(f.promised_eta) as promises,
                       (count(*) filter (where f.promised_eta is not null and f.resolved_at <= f.promised_eta))::float8
                           / nullif(count(*) filter (where f.promised_eta is not null
                                                     and (f.resolved_at is not null or f.promised_eta <= ?)), 0) as kept,
                       count(*) filter (where f.public_post) as public_posts
                  from complaint_fact f where %s
                """.formatted(hours("f.resolved_at"), where), prepend(Timestamp.from(at), params));
        long received = ((Number) k.get("received")).longValue();
        long resolved = ((Number) k.get("resolved")).longValue();
        long closed = ((Number) k.get("closed")).longValue();
        long withdrawn = ((Number) k.get("withdrawn")).longValue();
        return new Kpis(received, resolved, closed, withdrawn, received - resolved - withdrawn,
                received == 0 ? null : (double) resolved / received, num(k.get("resolve_median")),
                ((Number) k.get("answers")).longValue(), num(k.get("satisfaction")), num(k.get("satisfied")),
                num(k.get("repeats")), num(k.get("reopens")), ((Number) k.get("promises")).longValue(),
                num(k.get("kept")), ((Number) k.get("public_posts")).longValue(),
                sla(generation, filter, at), paid(generation, filter));
    }

    /** Missed deadlines per department and clock (考核), most missed first. */
    public List<Breaches> breaches(int generation, ReportFilter filter, Instant at) {
        List<Object> params = new ArrayList<>();
        params.add(Timestamp.from(at));
        params.add(Timestamp.from(at));
        String where = filter.where(generation, params);
        return jdbc.query("""
                select coalesce(c.department, '%s'), c.clock_id,
                       count(*) filter (where c.due_at <= ? or c.met_at is not null) as due,
                       count(*) filter (where c.met_at <= c.due_at) as met,
                       count(*) filter (where c.met_at > c.due_at or (c.met_at is null and c.due_at <= ?)) as missed,
                       sum(c.escalations) as escalations
                  from clock_fact c join complaint_fact f
                    on f.generation = c.generation and f.complaint_id = c.complaint_id
                 where %s group by 1, 2 order by 5 desc, 1, 2
                """.formatted(Dimension.NONE_VALUE, where),
                (rs, n) -> new Breaches(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6)), params.toArray());
    }

    /** The topics complaints concentrate on, and how well they are handled. */
    public List<Topic> hotSpots(int generation, ReportFilter filter, int limit) {
        List<Object> params = new ArrayList<>();
        String where = filter.where(generation, params);
        params.add(limit);
        return jdbc.query("""
                select t.topic, count(*) as complaints,
                       count(*)::float8 / nullif((select count(*) from complaint_fact f where %s), 0) as share,
                       count(f.resolved_at) as resolved,
                       percentile_cont(0.5) within group (order by %s) as resolve_median
                  from topic_fact t join complaint_fact f
                    on f.generation = t.generation and f.complaint_id = t.complaint_id
                 where %s group by t.topic order by 2 desc, 1 limit ?
                """.formatted(where, hours("f.resolved_at"), where),
                (rs, n) -> new Topic(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getLong(4), dbl(rs, 5)),
                doubled(params));
    }

    /** The major complaints received on one day (in the organisation's zone), and those still open from before. */
    public Map<String, List<ComplaintRow>> majorDaily(int generation, LocalDate day) {
        Instant start = day.atStartOfDay(zone).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
        String major = "(f.severity = any(?) or f.info_type = 'external_complaint')";
        Map<String, List<ComplaintRow>> report = new LinkedHashMap<>();
        report.put("received", jdbc.query(ROW_SELECT + """
                 where f.generation = ? and %s and f.received_at >= ? and f.received_at < ?
                 order by f.received_at
                """.formatted(major), Reports::row, generation, majorSeverities.toArray(String[]::new),
                Timestamp.from(start), Timestamp.from(end)));
        report.put("stillOpen", jdbc.query(ROW_SELECT + """
                 where f.generation = ? and %s and f.received_at < ?
                   and f.status not in ('RESOLVED', 'CLOSED', 'WITHDRAWN')
                 order by f.received_at
                """.formatted(major), Reports::row, generation, majorSeverities.toArray(String[]::new),
                Timestamp.from(start)));
        return report;
    }

    /** The complaints behind a figure, newest first, one page at a time. */
    public List<ComplaintRow> complaints(int generation, ReportFilter filter, String bucket, String bucketStart,
            String topic, int limit, int offset) {
        List<Object> params = new ArrayList<>();
        String where = filter.where(generation, params);
        StringBuilder sql = new StringBuilder(ROW_SELECT).append(" where ").append(where);
        if (bucket != null && bucketStart != null) {
            sql.append(" and to_char(date_trunc(?, f.received_at at time zone ?), 'YYYY-MM-DD') = ?");
            params.add(bucket);
            params.add(zone.getId());
            params.add(bucketStart);
        }
        if (topic != null) {
            sql.append(" and exists (select 1 from topic_fact t where t.generation = f.generation"
                    + " and t.complaint_id = f.complaint_id and t.topic = ?)");
            params.add(topic);
        }
        sql.append(" order by f.received_at desc, f.complaint_id limit ? offset ?");
        params.add(limit);
        params.add(offset);
        return jdbc.query(sql.toString(), Reports::row, params.toArray());
    }

    private List<ClockCompliance> sla(int generation, ReportFilter filter, Instant at) {
        List<Object> params = new ArrayList<>();
        params.add(Timestamp.from(at));
        params.add(Timestamp.from(at));
        String where = filter.where(generation, params);
        return jdbc.query("""
                select c.clock_id,
                       count(*) filter (where c.due_at <= ? or c.met_at is not null) as due,
                       count(*) filter (where c.met_at <= c.due_at) as met,
                       count(*) filter (where c.met_at > c.due_at or (c.met_at is null and c.due_at <= ?)) as missed,
                       sum(c.escalations) as escalations
                  from clock_fact c join complaint_fact f
                    on f.generation = c.generation and f.complaint_id = c.complaint_id
                 where %s group by 1 order by 1
                """.formatted(where), (rs, n) -> {
                    long met = rs.getLong(3);
                    long missed = rs.getLong(4);
                    return new ClockCompliance(rs.getString(1), rs.getLong(2), met, missed,
                            met + missed == 0 ? null : (double) met / (met + missed), rs.getLong(5));
                }, params.toArray());
    }

    private List<Paid> paid(int generation, ReportFilter filter) {
        List<Object> params = new ArrayList<>();
        String where = filter.where(generation, params);
        return jdbc.query("""
                select f.compensation_currency, sum(f.compensation_paid), count(*)
                  from complaint_fact f where %s and f.compensation_paid > 0 group by 1 order by 1
                """.formatted(where), (rs, n) -> new Paid(rs.getString(1), rs.getBigDecimal(2), rs.getLong(3)),
                params.toArray());
    }

    private static final String ROW_SELECT = """
            select f.complaint_id, f.received_at, f.channel, f.info_type, f.category, f.severity, f.product, f.region,
                   f.department, f.status, f.acknowledged_at, f.resolved_at, f.satisfaction, f.escalations,
                   f.public_post
              from complaint_fact f""";

    private static ComplaintRow row(ResultSet rs, int n) throws SQLException {
        return new ComplaintRow(rs.getString(1), instant(rs, 2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                instant(rs, 11), instant(rs, 12), (Integer) rs.getObject(13), rs.getInt(14), rs.getBoolean(15));
    }

    /** Hours from receipt to a milestone, for percentiles; null (and so ignored) where it has not happened. */
    private static String hours(String column) {
        return "extract(epoch from (" + column + " - f.received_at)) / 3600.0";
    }

    private static Object[] prepend(Object first, List<Object> rest) {
        List<Object> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all.toArray();
    }

    /** The filter's parameters twice (it appears twice in the statement), then the rest. */
    private static Object[] doubled(List<Object> params) {
        List<Object> filter = params.subList(0, params.size() - 1);
        List<Object> all = new ArrayList<>(filter);
        all.addAll(filter);
        all.add(params.get(params.size() - 1));
        return all.toArray();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Double dbl(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static Double num(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }
}
