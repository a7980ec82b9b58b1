package io.closedloop.analytics.hotspot;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.closedloop.analytics.eventlog.EventLog;
import io.closedloop.analytics.projection.Generations;
import io.closedloop.contract.event.ComplaintClassifiedEvent;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Raises an early warning while a topic rises suddenly against its own baseline. After each batch of new events it
 * looks at the topics those complaints count under, in event time (the complaint's receivedAt), so a surge is seen
 * as it happens and also when old complaints are loaded in bulk. Each topic is raised at most once per window.
 */
@Service
public class HotSpots {

    private static final Logger log = LoggerFactory.getLogger(HotSpots.class);

    /** One early warning. */
    public record Alert(String topic, Instant windowStart, Instant windowEnd, int observed, double baseline,
            Instant raisedAt) {
    }

    private final JdbcTemplate jdbc;
    private final Generations generations;
    private final HotSpotSettings settings;
    private final Clock clock;
    private final Counter alerts;
    /**
     * Each topic's count over the baseline before a window, counted once per window rather than once per event: the
     * count reads every complaint of the topic in the baseline (a week), so per event it grew with the store and took
     * most of PostgreSQL's time with a million complaints stored (docs/benchmarks.md, "Growth end to end"). Kept for
     * one window's length: a complaint received in the baseline but loaded late counts from the next window on.
     */
    private final Cache<Baseline, Integer> baselines;

    private record Baseline(int generation, String topic, Instant windowStart) {
    }

    HotSpots(JdbcTemplate jdbc, Generations generations, HotSpotSettings settings, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.generations = generations;
        this.settings = settings;
        this.clock = clock;
        this.baselines = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(settings.window()).build();
        this.alerts = Counter.builder("closedloop.analytics.hotspot.alerts")
                .description("Topics raised as rising suddenly against their own baseline")
                .register(meters);
    }

    /** Checks the topics of the complaints these new events are about; runs in the consumer's transaction. */
    public void watch(List<EventLog.Entry> fresh) {
        // a complaint's topics are known once it is received or classified; one complaint is looked at once a batch
        Set<String> complaintIds = new LinkedHashSet<>();
        for (EventLog.Entry e : fresh) {
            if ((e.envelope().payload() instanceof ComplaintReceivedEvent r && r.receivedAt() != null)
                    || e.envelope().payload() instanceof ComplaintClassifiedEvent) {
                complaintIds.add(e.envelope().complaintId());
            }
        }
        if (complaintIds.isEmpty()) {
            return;
        }
        int live = generations.live();
        Map<Instant, Set<String>> topicsByWindow = new LinkedHashMap<>();
        // the topics of every complaint of the batch in one statement
        jdbc.query(con -> {
            var ps = con.prepareStatement(
                    "select topic, received_at from topic_fact where generation = ? and complaint_id = any(?)");
            ps.setInt(1, live);
            ps.setArray(2, con.createArrayOf("varchar", complaintIds.toArray()));
            return ps;
        }, rs -> {
            topicsByWindow.computeIfAbsent(windowStart(rs.getTimestamp(2).toInstant()), w -> new LinkedHashSet<>())
                    .add(rs.getString(1));
        });
        // one count per window for all of the batch's topics in it, not one per topic and event: each count reads
        // the window's rows, and per event that was most of PostgreSQL's work with a million complaints stored
        topicsByWindow.forEach((windowStart, topics) -> {
            Map<String, Integer> observed = observed(live, windowStart, topics);
            for (String topic : topics) {
                check(live, topic, windowStart, observed.getOrDefault(topic, 0));
            }
        });
    }

    /** How many complaints each of these topics has in the window starting then. */
    private Map<String, Integer> observed(int generation, Instant windowStart, Set<String> topics) {
        Map<String, Integer> counts = new HashMap<>();
        jdbc.query(con -> {
            var ps = con.prepareStatement("""
                    select topic, count(*) from topic_fact
                     where generation = ? and topic = any(?) and received_at >= ? and received_at < ?
                     group by topic
                    """);
            ps.setInt(1, generation);
            ps.setArray(2, con.createArrayOf("varchar", topics.toArray()));
            ps.setTimestamp(3, Timestamp.from(windowStart));
            ps.setTimestamp(4, Timestamp.from(windowStart.plus(settings.window())));
            return ps;
        }, rs -> {
            counts.put(rs.getString(1), rs.getInt(2));
        });
        return counts;
    }

    public List<Alert> alerts(Instant from, Instant to, int limit) {
        return jdbc.query("""
                select topic, window_start, window_end, observed, baseline, raised_at from hotspot_alert
                 where window_end > ? and window_start <= ? order by window_start desc, observed desc limit ?
                """, (rs, n) -> new Alert(rs.getString(1), rs.getTimestamp(2).toInstant(),
                rs.getTimestamp(3).toInstant(), rs.getInt(4), rs.getDouble(5), rs.getTimestamp(6).toInstant()),
                Timestamp.from(from), Timestamp.from(to), limit);
    }

    /** Windows are aligned (e.g. on the hour), so one surge is one alert however many complaints it brings. */
    private Instant windowStart(Instant at) {
        long size = settings.window().toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), size) * size);
    }

    private void check(int generation, String topic, Instant windowStart, int observed) {
        Instant windowEnd = windowStart.plus(settings.window());
        Instant baselineStart = windowStart.minus(settings.baseline());
        if (observed < settings.minCount()) {
            return;
        }
        Integer before = baselines.get(new Baseline(generation, topic, windowStart), key -> jdbc.queryForObject("""
                select count(*) from topic_fact
                 where generation = ? and topic = ? and received_at >= ? and received_at < ?
                """, Integer.class, generation, topic, Timestamp.from(baselineStart), Timestamp.from(windowStart)));
        double windows = (double) settings.baseline().toMillis() / settings.window().toMillis();
        double baseline = before == null || before == 0 ? settings.newTopicRate() : before / windows;
        if (!SurgeTest.isSurge(observed, baseline, settings.minCount(), settings.pValue())) {
            return;
        }
        // a surge already raised for this window only has its count brought up to date; it is raised once
        List<Boolean> raisedNow = jdbc.query("""
                insert into hotspot_alert (topic, window_start, window_end, observed, baseline, raised_at)
                values (?, ?, ?, ?, ?, ?)
                on conflict (topic, window_start) do update set observed = excluded.observed
                 where hotspot_alert.observed < excluded.observed
                returning (xmax = 0)
                """, (rs, n) -> rs.getBoolean(1), topic, Timestamp.from(windowStart), Timestamp.from(windowEnd),
                observed, baseline, Timestamp.from(clock.instant()));
        if (raisedNow.contains(Boolean.TRUE)) {
            alerts.increment();
            log.warn("Hot spot: '{}' has {} complaints in the window from {} (its baseline is {} per window)",
                    topic, observed, windowStart, String.format("%.2f", baseline));
        }
    }
}
