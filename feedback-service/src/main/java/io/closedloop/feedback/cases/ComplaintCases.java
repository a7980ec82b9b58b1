package io.closedloop.feedback.cases;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.event.ComplaintResolvedEvent;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The {@code complaint_case} table: one row per complaint, kept up to date from its stream. */
@Repository
public class ComplaintCases {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcClient jdbc;

    public ComplaintCases(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param complainant who complained, opened ({@link ComplainantDirectory}); null if erased or absent
     * @return false if the complaint was known already (its first event delivered again under another id)
     */
    public boolean insert(ComplaintReceivedEvent e, Complainant complainant, Instant now) {
        Complainant c = complainant == null ? new Complainant(null, null, null, null) : complainant;
        return jdbc.sql("""
                        insert into complaint_case (complaint_id, received_at, channel, language, customer_name, phone,
                            phone_digits, email, customer_id, product, subject, text, status, updated_at)
                        values (:id, :receivedAt, :channel, :language, :name, :phone, :phoneDigits, :email,
                            :customerId, :product, :subject, :text, 'open', :now)
                        on conflict (complaint_id) do nothing""")
                .param("id", e.complaintId())
                .param("receivedAt", ts(e.receivedAt()))
                .param("channel", e.channel() == null ? null : e.channel().code())
                .param("language", e.language())
                .param("name", c.name())
                .param("phone", c.phone())
                .param("phoneDigits", Contacts.phoneDigits(c.phone()))
                .param("email", Contacts.email(c.email()))
                .param("customerId", Contacts.customerId(c.customerId()))
                .param("product", e.product())
                .param("subject", e.subject())
                .param("text", e.text())
                .param("now", ts(now))
                .update() == 1;
    }

    /**
     * The complainant was erased at their request: this service's copy of their name and contact details goes too.
     * (Their sealed original in the stream can no longer be opened: intake destroyed the key.)
     */
    public void forgetComplainant(String complaintId) {
        jdbc.sql("""
                        update complaint_case set customer_name = null, phone = null, phone_digits = null, email = null,
                            customer_id = null
                        where complaint_id = ?""")
                .param(complaintId).update();
    }

    public Optional<ComplaintCase> find(String complaintId) {
        return jdbc.sql("select * from complaint_case where complaint_id = ?").param(complaintId)
                .query(ROWS).optional();
    }

    /** The same row, locked until the transaction ends: decisions about one complaint are taken one at a time. */
    public Optional<ComplaintCase> lock(String complaintId) {
        return jdbc.sql("select * from complaint_case where complaint_id = ? for update").param(complaintId)
                .query(ROWS).optional();
    }

    /** A new resolution: the next round. */
    public int resolved(ComplaintResolvedEvent e, Instant now) {
        String suggestions;
        try {
            suggestions = e.suggestionsTaken() == null ? null : JSON.writeValueAsString(e.suggestionsTaken());
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        return jdbc.sql("""
                        update complaint_case set status = 'resolved', round = round + 1, resolved_at = :resolvedAt,
                            solution = :solution, effect = :effect, suggestions_taken = :suggestions,
                            follow_up = :followUp, dissatisfied_in_round = false, result_feedback_sent_at = null,
                            updated_at = :now
                        where complaint_id = :id
                        returning round""")
                .param("id", e.complaintId())
                .param("resolvedAt", ts(e.resolvedAt()))
                .param("solution", e.solution())
                .param("effect", e.effect())
                .param("suggestions", suggestions)
                .param("followUp", e.followUp())
                .param("now", ts(now))
                .query(Integer.class).single();
    }

    public void status(String complaintId, ComplaintCase.Status status, Instant closedAt, Instant now) {
        jdbc.sql("""
                        update complaint_case set status = :status, closed_at = coalesce(:closedAt, closed_at),
                            updated_at = :now
                        where complaint_id = :id""")
                .param("id", complaintId)
                .param("status", status.code())
                .param("closedAt", ts(closedAt))
                .param("now", ts(now))
                .update();
    }

    public void resultFeedbackSent(String complaintId, Instant sentAt) {
        jdbc.sql("update complaint_case set result_feedback_sent_at = :at where complaint_id = :id")
                .param("id", complaintId).param("at", ts(sentAt)).update();
    }

    public void dissatisfied(String complaintId) {
        jdbc.sql("update complaint_case set dissatisfied_in_round = true where complaint_id = ?")
                .param(complaintId).update();
    }

    public void duplicateOf(String complaintId, String originalId) {
        jdbc.sql("update complaint_case set duplicate_of = :original where complaint_id = :id and duplicate_of is null")
                .param("id", complaintId).param("original", originalId).update();
    }

    public void closeRequested(String complaintId, int round) {
        jdbc.sql("update complaint_case set close_requested_round = :round where complaint_id = :id")
                .param("id", complaintId).param("round", round).update();
    }

    public void chased(String complaintId, int round, Instant at) {
        jdbc.sql("update complaint_case set chased_round = :round, chased_at = :at where complaint_id = :id")
                .param("id", complaintId).param("round", round).param("at", ts(at)).update();
    }

    /** When the customer of this complaint was last chased, or null. */
    public Instant chasedAt(String complaintId) {
        return jdbc.sql("select chased_at from complaint_case where complaint_id = ?").param(complaintId)
                .query((rs, n) -> instant(rs, "chased_at")).optional().orElse(null);
    }

    /** Resolved complaints not closed, resolved at or before {@code resolvedBy}, oldest first. */
    public List<ComplaintCase> resolvedBefore(Instant resolvedBy, int limit) {
        return jdbc.sql("""
                        select * from complaint_case where status = 'resolved' and resolved_at <= :by
                        order by resolved_at, complaint_id limit :limit""")
                .param("by", ts(resolvedBy)).param("limit", limit)
                .query(ROWS).list();
    }

    /**
     * Resolved at or before {@code resolvedBy}, no dissatisfied answer, not yet asked to close this round, and no
     * event of it seen after {@code settledBy}.
     */
    public List<String> dueForClosing(Instant resolvedBy, Instant settledBy, int limit) {
        return jdbc.sql("""
                        select complaint_id from complaint_case
                        where status = 'resolved' and resolved_at <= :by and not dissatisfied_in_round
                          and close_requested_round < round and updated_at <= :settled
                        order by resolved_at, complaint_id limit :limit""")
                .param("by", ts(resolvedBy)).param("settled", ts(settledBy)).param("limit", limit)
                .query(String.class).list();
    }

    /** Resolved at or before {@code resolvedBy}, still not closed, not yet chased this round, and settled. */
    public List<String> dueForChasing(Instant resolvedBy, Instant settledBy, int limit) {
        return jdbc.sql("""
                        select complaint_id from complaint_case
                        where status = 'resolved' and resolved_at <= :by and chased_round < round
                          and updated_at <= :settled
                        order by resolved_at, complaint_id limit :limit""")
                .param("by", ts(resolvedBy)).param("settled", ts(settledBy)).param("limit", limit)
                .query(String.class).list();
    }

    /** Another event of this complaint arrived: decisions that wait for a quiet stream wait a little longer. */
    public void touched(String complaintId, Instant now) {
        jdbc.sql("update complaint_case set updated_at = :now where complaint_id = :id")
                .param("id", complaintId).param("now", ts(now)).update();
    }

    /**
     * Earlier or later complaints of the same customer (same phone digits, email or customer id) received within
     * [{@code from}, {@code to}], other than {@code complaintId}, oldest first.
     */
    public List<ComplaintCase> sameCustomer(String complaintId, String phoneDigits, String email, String customerId,
            Instant from, Instant to) {
        return jdbc.sql("""
                        select * from complaint_case
                        where complaint_id <> :id and received_at between :from and :to
                          and ((:phone::text is not null and phone_digits = :phone)
                            or (:email::text is not null and email = :email)
                            or (:customerId::text is not null and customer_id = :customerId))
                        order by received_at, complaint_id""")
                .param("id", complaintId)
                .param("phone", phoneDigits)
                .param("email", email)
                .param("customerId", customerId)
                .param("from", ts(from))
                .param("to", ts(to))
                .query(ROWS).list();
    }

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static final RowMapper<ComplaintCase> ROWS = (rs, n) -> {
        List<String> suggestions;
        try {
            String json = rs.getString("suggestions_taken");
            suggestions = json == null ? null : JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new SQLException("suggestions_taken of " + rs.getString("complaint_id") + " is not a JSON list", e);
        }
        return new ComplaintCase(rs.getString("complaint_id"), instant(rs, "received_at"), rs.getString("channel"),
                rs.getString("language"),
                new Complainant(rs.getString("customer_name"), rs.getString("phone"), rs.getString("email"),
                        rs.getString("customer_id")),
                rs.getString("product"), rs.getString("subject"), rs.getString("text"),
                ComplaintCase.Status.valueOf(rs.getString("status").toUpperCase(java.util.Locale.ROOT)),
                rs.getInt("round"), instant(rs, "resolved_at"), rs.getString("solution"), rs.getString("effect"),
                suggestions, rs.getString("follow_up"), instant(rs, "closed_at"), rs.getString("duplicate_of"),
                instant(rs, "result_feedback_sent_at"), rs.getBoolean("dissatisfied_in_round"),
                rs.getInt("close_requested_round"), rs.getInt("chased_round"));
    };
}
