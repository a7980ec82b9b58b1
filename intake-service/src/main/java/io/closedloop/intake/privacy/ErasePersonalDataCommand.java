package io.closedloop.intake.privacy;

import io.closedloop.contract.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Mark a complaint's personal data erased, after intake destroyed its subject's key. Intake's own command (it
 * follows an erasure request made to intake), so it is not part of the contract other services send.
 */
public record ErasePersonalDataCommand(@TargetAggregateIdentifier String complaintId, String subjectId,
                                       String reason, Actor actor) {
}
