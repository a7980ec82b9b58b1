package io.closedloop.feedback.care;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The {@code care_task} table, in feedback's own database only. */
@Repository
public class CareTasks {

    private final JdbcClient jdbc;

    public CareTasks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Opens the task for a dissatisfied answer; its id comes from the answer's event, so it is opened once. */
    public void open(String taskId, String complaintId, int score, String comment, Instant now) {
        jdbc.sql("""
                        insert into care_task (task_id, complaint_id, score, comment, created_at, status)
                        values (:id, :complaintId, :score, :comment, :now, 'open')
                        on conflict (task_id) do nothing""")
                .param("id", taskId).param("complaintId", complaintId).param("score", score)
                .param("comment", comment).param("now", ts(now)).update();
    }

    public Optional<CareTask> find(String taskId) {
        return jdbc.sql("select * from care_task where task_id = ?").param(taskId).query(ROWS).optional();
    }

    Optional<CareTask> lock(String taskId) {
        return jdbc.sql("select * from care_task where task_id = ? for update").param(taskId).query(ROWS).optional();
    }

    public List<CareTask> list(String status, String assignee, String complaintId, int limit) {
        return jdbc.sql("""
                        select * from care_task
                        where (:status::text is null or status = :status)
                          and (:assignee::text is null or assignee = :assignee)
                          and (:complaintId::text is null or complaint_id = :complaintId)
                        order by created_at, task_id limit :limit""")
                .param("status", status).param("assignee", assignee).param("complaintId", complaintId)
                .param("limit", limit)
                .query(ROWS).list();
    }

    void assign(String taskId, String assignee, Instant now) {
        jdbc.sql("""
                        update care_task set assignee = :assignee, assigned_at = :now,
                            status = case when status = 'open' then 'assigned' else status end
                        where task_id = :id""")
                .param("id", taskId).param("assignee", assignee).param("now", ts(now)).update();
    }

    void done(String taskId, String outcome, String note, String by, Instant now) {
        jdbc.sql("""
                        update care_task set status = 'done', outcome = :outcome, outcome_note = :note,
                            outcome_by = :by, done_at = :now
                        where task_id = :id""")
                .param("id", taskId).param("outcome", outcome).param("note", note).param("by", by)
                .param("now", ts(now)).update();
    }

    private static OffsetDateTime ts(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static final RowMapper<CareTask> ROWS = (rs, n) -> new CareTask(rs.getString("task_id"),
            rs.getString("complaint_id"), rs.getInt("score"), rs.getString("comment"),
            instant(rs.getTimestamp("created_at")), rs.getString("status"), rs.getString("assignee"),
            instant(rs.getTimestamp("assigned_at")), rs.getString("outcome"), rs.getString("outcome_note"),
            rs.getString("outcome_by"), instant(rs.getTimestamp("done_at")));
}
