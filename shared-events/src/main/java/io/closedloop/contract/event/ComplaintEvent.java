package io.closedloop.contract.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.closedloop.contract.Actor;

import java.util.Arrays;
import java.util.List;

/**
 * A fact in a complaint's life. Only the {@code Complaint} aggregate in intake-service records these; everyone
 * else reads them from {@code complaint.events.v1}. The list below is the registry of event type names: a name
 * is never changed or reused.
 */
@JsonSubTypes({
        @JsonSubTypes.Type(value = ComplaintReceivedEvent.class, name = "ComplaintReceived"),
        @JsonSubTypes.Type(value = ComplaintClassifiedEvent.class, name = "ComplaintClassified"),
        @JsonSubTypes.Type(value = DepartmentAssignedEvent.class, name = "DepartmentAssigned"),
        @JsonSubTypes.Type(value = ComplaintTransferredEvent.class, name = "ComplaintTransferred"),
        @JsonSubTypes.Type(value = ComplaintAcknowledgedEvent.class, name = "ComplaintAcknowledged"),
        @JsonSubTypes.Type(value = DeadlinesSetEvent.class, name = "DeadlinesSet"),
        @JsonSubTypes.Type(value = DeadlineWarningRaisedEvent.class, name = "DeadlineWarningRaised"),
        @JsonSubTypes.Type(value = EscalationRaisedEvent.class, name = "EscalationRaised"),
        @JsonSubTypes.Type(value = EscalationDismissedEvent.class, name = "EscalationDismissed"),
        @JsonSubTypes.Type(value = ExtensionPromisedEvent.class, name = "ExtensionPromised"),
        @JsonSubTypes.Type(value = ProgressNotedEvent.class, name = "ProgressNoted"),
        @JsonSubTypes.Type(value = CustomerInformationRequestedEvent.class, name = "CustomerInformationRequested"),
        @JsonSubTypes.Type(value = CustomerRepliedEvent.class, name = "CustomerReplied"),
        @JsonSubTypes.Type(value = CompensationProposedEvent.class, name = "CompensationProposed"),
        @JsonSubTypes.Type(value = CompensationApprovedEvent.class, name = "CompensationApproved"),
        @JsonSubTypes.Type(value = CompensationPaidEvent.class, name = "CompensationPaid"),
        @JsonSubTypes.Type(value = ComplaintResolvedEvent.class, name = "ComplaintResolved"),
        @JsonSubTypes.Type(value = ResultFeedbackSentEvent.class, name = "ResultFeedbackSent"),
        @JsonSubTypes.Type(value = SatisfactionRecordedEvent.class, name = "SatisfactionRecorded"),
        @JsonSubTypes.Type(value = ComplaintReopenedEvent.class, name = "ComplaintReopened"),
        @JsonSubTypes.Type(value = ComplaintClosedEvent.class, name = "ComplaintClosed"),
        @JsonSubTypes.Type(value = ComplaintWithdrawnEvent.class, name = "ComplaintWithdrawn"),
        @JsonSubTypes.Type(value = DuplicateDetectedEvent.class, name = "DuplicateDetected"),
        @JsonSubTypes.Type(value = CommandRejectedEvent.class, name = "CommandRejected"),
        @JsonSubTypes.Type(value = PersonalDataErasedEvent.class, name = "PersonalDataErased"),
})
public interface ComplaintEvent {

    String complaintId();

    Actor actor();

    /** The wire name of an event type, e.g. {@code ComplaintReceived} for {@link ComplaintReceivedEvent}. */
    static String typeName(Class<? extends ComplaintEvent> type) {
        return registered().stream()
                .filter(t -> t.value().equals(type))
                .map(JsonSubTypes.Type::name)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(type + " is not a registered complaint event"));
    }

    /** Every registered event type with its wire name. */
    static List<JsonSubTypes.Type> registered() {
        return Arrays.asList(ComplaintEvent.class.getAnnotation(JsonSubTypes.class).value());
    }
}
