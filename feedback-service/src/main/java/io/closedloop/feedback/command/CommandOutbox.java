package io.closedloop.feedback.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.json.ContractJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Commands for the complaint, written in the same transaction as the decision that makes them, and sent later by
 * {@link CommandRelay}. Command ids are derived from what was decided (the event, the round, the survey), so the
 * same decision taken again is the same row ({@code on conflict do nothing}) and, if it was sent twice all the
 * same, the complaint applies it once.
 */
@Repository
public class CommandOutbox {

    private final JdbcClient jdbc;

    public CommandOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false if a command with this id was queued before (nothing is queued then) */
    public boolean queue(ComplaintCommand command, String correlationId, Instant now) {
        byte[] json;
        try {
            // written as the interface, so the "type" property that names the command is included
            json = ContractJson.mapper().writerFor(ComplaintCommand.class).writeValueAsBytes(command);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a contract command did not serialise: " + command, e);
        }
        return jdbc.sql("""
                        insert into outbox_command (command_id, complaint_id, command_type, payload, correlation_id,
                            created_at)
                        values (:id, :complaintId, :type, :payload, :correlationId, :now)
                        on conflict (command_id) do nothing""")
                .param("id", command.commandId())
                .param("complaintId", command.complaintId())
                .param("type", command.typeName())
                .param("payload", json)
                .param("correlationId", correlationId)
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .update() == 1;
    }

    /** A queued command not yet on the broker. */
    record Pending(String commandId, String complaintId, byte[] payload, String correlationId) {
    }

    /** The oldest unsent commands, locked so that another instance's relay skips them. */
    List<Pending> lockUnsent(int limit) {
        return jdbc.sql("""
                        select command_id, complaint_id, payload, correlation_id from outbox_command
                        where sent_at is null order by created_at, seq limit :limit
                        for update skip locked""")
                .param("limit", limit)
                .query((rs, n) -> new Pending(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getString(4)))
                .list();
    }

    void markSent(List<String> commandIds, Instant at) {
        jdbc.sql("update outbox_command set sent_at = :at where command_id in (:ids)")
                .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .param("ids", commandIds)
                .update();
    }
}
