package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * The department decided and carried out a solution. {@code effect}, {@code suggestionsTaken} and {@code followUp}
 * (what the written result feedback tells the customer) were added within revision 1: events stored before them
 * read as null.
 */
@Revision("1")
public record ComplaintResolvedEvent(String complaintId,
        String solution,
        String effect,
        List<String> suggestionsTaken,
        String followUp,
        Instant resolvedAt,
        Actor actor) implements ComplaintEvent {

    /** A resolution that states only the solution, as before the result-feedback fields existed. */
    public ComplaintResolvedEvent(String complaintId, String solution, Instant resolvedAt, Actor actor) {
        this(complaintId, solution, null, null, null, resolvedAt, actor);
    }
}
