package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import io.closedloop.contract.InfoType;
import org.axonframework.serialization.Revision;

import java.util.List;

/** The complaint was classified, by a rule or model (named in {@code classifiedBy}) or corrected by a person. */
@Revision("1")
public record ComplaintClassifiedEvent(String complaintId,
        InfoType infoType,
        String category,
        String severity,
        List<String> topics,
        String classifiedBy,
        Double confidence,
        boolean correction,
        Actor actor) implements ComplaintEvent {
}
