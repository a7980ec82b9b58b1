package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The complainant's personal data was erased at their request (PIPL art. 47, GDPR art. 17): intake destroyed the
 * data subject's key, so the sealed complainant in this complaint's {@code ComplaintReceived} can no longer be
 * opened anywhere. Consumers that copied personal data out of the stream (names, addresses in mail queues) delete
 * their copies when they see this. The rest of the stream, and this fact itself, stays as the audit trail.
 *
 * @param subjectId the data subject whose key was destroyed
 * @param reason    why, e.g. the request's reference; never the person's details
 */
@Revision("1")
public record PersonalDataErasedEvent(String complaintId,
        String subjectId,
        Instant erasedAt,
        String reason,
        Actor actor) implements ComplaintEvent {
}
