package io.closedloop.feedback.compensation;

import io.closedloop.contract.event.CompensationApprovedEvent;
import io.closedloop.contract.event.CompensationPaidEvent;
import io.closedloop.contract.event.CompensationProposedEvent;
import io.closedloop.feedback.letter.Language;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code compensation} table, moved on by the complaint's compensation events. */
@Repository
public class Compensations {

    private static final Map<String, String> KINDS_ZH = Map.of("refund", "退款", "repair", "维修",
            "replacement", "更换", "voucher", "代金券");

    private final JdbcClient jdbc;

    public Compensations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false if a compensation with this id exists already */
    boolean request(String compensationId, String complaintId, String kind, BigDecimal amount, String currency,
            String reason, String proposedBy, Instant now) {
        return jdbc.sql("""
                        insert into compensation (compensation_id, complaint_id, kind, amount, currency, reason,
                            proposed_by, proposed_at, status, updated_at)
                        values (:id, :complaintId, :kind, :amount, :currency, :reason, :by, :now, 'requested', :now)
                        on conflict (compensation_id) do nothing""")
                .param("id", compensationId).param("complaintId", complaintId).param("kind", kind)
                .param("amount", amount).param("currency", currency).param("reason", reason)
                .param("by", proposedBy).param("now", ts(now))
                .update() == 1;
    }

    public Optional<Compensation> find(String compensationId) {
        return jdbc.sql("select * from compensation where compensation_id = ?").param(compensationId)
                .query(ROWS).optional();
    }

    public List<Compensation> of(String complaintId) {
        return jdbc.sql("select * from compensation where complaint_id = ? order by proposed_at, compensation_id")
                .param(complaintId).query(ROWS).list();
    }

    void approvalRequested(String compensationId, BigDecimal amount, String approver, String role, Instant now) {
        jdbc.sql("""
                        update compensation set approval_requested_amount = :amount, approval_requested_by = :approver,
                            approver_role = :role, updated_at = :now
                        where compensation_id = :id""")
                .param("id", compensationId).param("amount", amount).param("approver", approver)
                .param("role", role).param("now", ts(now)).update();
    }

    void paymentRequested(String compensationId, Instant now) {
        jdbc.sql("update compensation set payment_requested_at = :now, updated_at = :now where compensation_id = :id")
                .param("id", compensationId).param("now", ts(now)).update();
    }

    public void proposed(CompensationProposedEvent e, Instant now) {
        BigDecimal amount = e.amount() == null ? null : e.amount().amount();
        String currency = e.amount() == null ? null : e.amount().currency();
        jdbc.sql("""
                        insert into compensation (compensation_id, complaint_id, kind, amount, currency, reason,
                            proposed_by, proposed_at, status, updated_at)
                        values (:id, :complaintId, :kind, :amount, :currency, :reason, :by, :now, 'proposed', :now)
                        on conflict (compensation_id) do update set status = 'proposed', refusal = null,
                            updated_at = :now""")
                .param("id", e.compensationId()).param("complaintId", e.complaintId())
                .param("kind", e.kind() == null ? "other" : e.kind())
                .param("amount", amount == null ? BigDecimal.ZERO : amount)
                .param("currency", currency == null ? "" : currency).param("reason", e.reason())
                .param("by", e.actor() == null ? "unknown" : e.actor().id()).param("now", ts(now))
                .update();
    }

    public void approved(CompensationApprovedEvent e, Instant now) {
        jdbc.sql("""
                        update compensation set status = 'approved', approved_amount = :amount, approver = :approver,
                            refusal = null, updated_at = :now
                        where compensation_id = :id""")
                .param("id", e.compensationId())
                .param("amount", e.approvedAmount() == null ? null : e.approvedAmount().amount())
                .param("approver", e.approver()).param("now", ts(now)).update();
    }

    public void paid(CompensationPaidEvent e, Instant now) {
        jdbc.sql("""
                        update compensation set status = 'paid', paid_amount = :amount,
                            payment_reference = :reference, refusal = null, updated_at = :now
                        where compensation_id = :id""")
                .param("id", e.compensationId())
                .param("amount", e.amount() == null ? null : e.amount().amount())
                .param("reference", e.paymentReference()).param("now", ts(now)).update();
    }

    /** The complaint refused a step of this compensation; a refused proposal stays refused. */
    public void refused(String compensationId, String step, String reason, Instant now) {
        jdbc.sql("""
                        update compensation set refusal = :refusal,
                            status = case when status = 'requested' then 'refused' else status end, updated_at = :now
                        where compensation_id = :id""")
                .param("id", compensationId).param("refusal", step + ": " + reason).param("now", ts(now)).update();
    }

    /** Approved or paid compensation, one line each, as the result letter lists it. */
    public List<String> letterLines(String complaintId, Language language) {
        return of(complaintId).stream()
                .filter(c -> "approved".equals(c.status()) || "paid".equals(c.status()))
                .map(c -> {
                    BigDecimal amount = c.paidAmount() != null ? c.paidAmount()
                            : c.approvedAmount() != null ? c.approvedAmount() : c.amount();
                    boolean paid = "paid".equals(c.status());
                    if (language == Language.ZH) {
                        return KINDS_ZH.getOrDefault(c.kind(), c.kind()) + " " + amount.toPlainString() + " "
                                + c.currency() + (paid ? "（已支付）" : "（已批准，正在办理）");
                    }
                    return c.kind() + " " + amount.toPlainString() + " " + c.currency()
                            + (paid ? " (paid)" : " (approved, being carried out)");
                })
                .toList();
    }

    private static OffsetDateTime ts(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static final RowMapper<Compensation> ROWS = (rs, n) -> new Compensation(rs.getString("compensation_id"),
            rs.getString("complaint_id"), rs.getString("kind"), rs.getBigDecimal("amount"), rs.getString("currency"),
            rs.getString("reason"), rs.getString("proposed_by"), instant(rs.getTimestamp("proposed_at")),
            rs.getString("status"), rs.getBigDecimal("approved_amount"), rs.getString("approver"),
            rs.getString("approver_role"), rs.getBigDecimal("paid_amount"), rs.getString("payment_reference"),
            rs.getString("refusal"));
}
