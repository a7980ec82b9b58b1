package io.closedloop.contract.command;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.closedloop.contract.Actor;

/**
 * A request to the {@code Complaint} aggregate. Services send these on {@code complaint.commands.v1} keyed by
 * complaint id; the JSON carries its type name in {@code type}. {@code commandId} makes a command idempotent:
 * the same id twice changes the complaint once.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ReceiveComplaintCommand.class, name = "ReceiveComplaint"),
        @JsonSubTypes.Type(value = ClassifyComplaintCommand.class, name = "ClassifyComplaint"),
        @JsonSubTypes.Type(value = AssignDepartmentCommand.class, name = "AssignDepartment"),
        @JsonSubTypes.Type(value = TransferComplaintCommand.class, name = "TransferComplaint"),
        @JsonSubTypes.Type(value = AcknowledgeComplaintCommand.class, name = "AcknowledgeComplaint"),
        @JsonSubTypes.Type(value = SetDeadlinesCommand.class, name = "SetDeadlines"),
        @JsonSubTypes.Type(value = RaiseDeadlineWarningCommand.class, name = "RaiseDeadlineWarning"),
        @JsonSubTypes.Type(value = RaiseEscalationCommand.class, name = "RaiseEscalation"),
        @JsonSubTypes.Type(value = PromiseExtensionCommand.class, name = "PromiseExtension"),
        @JsonSubTypes.Type(value = NoteProgressCommand.class, name = "NoteProgress"),
        @JsonSubTypes.Type(value = RequestCustomerInformationCommand.class, name = "RequestCustomerInformation"),
        @JsonSubTypes.Type(value = RecordCustomerReplyCommand.class, name = "RecordCustomerReply"),
        @JsonSubTypes.Type(value = ProposeCompensationCommand.class, name = "ProposeCompensation"),
        @JsonSubTypes.Type(value = ApproveCompensationCommand.class, name = "ApproveCompensation"),
        @JsonSubTypes.Type(value = PayCompensationCommand.class, name = "PayCompensation"),
        @JsonSubTypes.Type(value = ResolveComplaintCommand.class, name = "ResolveComplaint"),
        @JsonSubTypes.Type(value = RecordResultFeedbackCommand.class, name = "RecordResultFeedback"),
        @JsonSubTypes.Type(value = RecordSatisfactionCommand.class, name = "RecordSatisfaction"),
        @JsonSubTypes.Type(value = ReopenComplaintCommand.class, name = "ReopenComplaint"),
        @JsonSubTypes.Type(value = CloseComplaintCommand.class, name = "CloseComplaint"),
        @JsonSubTypes.Type(value = WithdrawComplaintCommand.class, name = "WithdrawComplaint"),
        @JsonSubTypes.Type(value = MarkDuplicateCommand.class, name = "MarkDuplicate"),
})
public interface ComplaintCommand {

    String commandId();

    String complaintId();

    Actor actor();

    /** The wire name of this command's type, e.g. {@code AssignDepartment}. */
    default String typeName() {
        for (JsonSubTypes.Type type : ComplaintCommand.class.getAnnotation(JsonSubTypes.class).value()) {
            if (type.value().equals(getClass())) {
                return type.name();
            }
        }
        return getClass().getSimpleName();
    }
}
