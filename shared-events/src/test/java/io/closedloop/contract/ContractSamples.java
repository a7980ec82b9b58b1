package io.closedloop.contract;

import io.closedloop.contract.command.AcknowledgeComplaintCommand;
import io.closedloop.contract.event.PersonalDataErasedEvent;
import io.closedloop.contract.command.ApproveCompensationCommand;
import io.closedloop.contract.command.AssignDepartmentCommand;
import io.closedloop.contract.command.ClassifyComplaintCommand;
import io.closedloop.contract.command.CloseComplaintCommand;
import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.command.MarkDuplicateCommand;
import io.closedloop.contract.command.NoteProgressCommand;
import io.closedloop.contract.command.PayCompensationCommand;
import io.closedloop.contract.command.PromiseExtensionCommand;
import io.closedloop.contract.command.ProposeCompensationCommand;
import io.closedloop.contract.command.RaiseDeadlineWarningCommand;
import io.closedloop.contract.command.RaiseEscalationCommand;
import io.closedloop.contract.command.ReceiveComplaintCommand;
import io.closedloop.contract.command.RecordCustomerReplyCommand;
import io.closedloop.contract.command.RecordResultFeedbackCommand;
import io.closedloop.contract.command.RecordSatisfactionCommand;
import io.closedloop.contract.command.ReopenComplaintCommand;
import io.closedloop.contract.command.RequestCustomerInformationCommand;
import io.closedloop.contract.command.ResolveComplaintCommand;
import io.closedloop.contract.command.SetDeadlinesCommand;
import io.closedloop.contract.command.TransferComplaintCommand;
import io.closedloop.contract.command.WithdrawComplaintCommand;
import io.closedloop.contract.event.CommandRejectedEvent;
import io.closedloop.contract.event.CompensationApprovedEvent;
import io.closedloop.contract.event.CompensationPaidEvent;
import io.closedloop.contract.event.CompensationProposedEvent;
import io.closedloop.contract.event.ComplaintAcknowledgedEvent;
import io.closedloop.contract.event.ComplaintClassifiedEvent;
import io.closedloop.contract.event.ComplaintClosedEvent;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.event.ComplaintReopenedEvent;
import io.closedloop.contract.event.ComplaintResolvedEvent;
import io.closedloop.contract.event.ComplaintTransferredEvent;
import io.closedloop.contract.event.ComplaintWithdrawnEvent;
import io.closedloop.contract.event.CustomerInformationRequestedEvent;
import io.closedloop.contract.event.CustomerRepliedEvent;
import io.closedloop.contract.event.DeadlineWarningRaisedEvent;
import io.closedloop.contract.event.DeadlinesSetEvent;
import io.closedloop.contract.event.DepartmentAssignedEvent;
import io.closedloop.contract.event.DuplicateDetectedEvent;
import io.closedloop.contract.event.EscalationDismissedEvent;
import io.closedloop.contract.event.EscalationRaisedEvent;
import io.closedloop.contract.event.ExtensionPromisedEvent;
import io.closedloop.contract.event.ProgressNotedEvent;
import io.closedloop.contract.event.ResultFeedbackSentEvent;
import io.closedloop.contract.event.SatisfactionRecordedEvent;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Realistic, fully fixed sample values of the contract: one per registered event and command type, plus a
 * complaint submission. The golden JSON files under {@code src/test/resources/golden} are these values written
 * by {@code ContractJson}; changing a sample therefore means regenerating its golden file on purpose.
 *
 * <p>Amounts are written with the scale they are meant to have (199.00, never 199 or 199.0): BigDecimal equality
 * includes the scale, so a reader that loses it is caught.
 */
public final class ContractSamples {

    public static final String COMPLAINT_ID = "cmp-0b7e6c1e-5d0b-4c38-9a5e-3f2a1d9c8e71";
    public static final String EARLIER_COMPLAINT_ID = "cmp-4a1f0d2b-9c3e-47aa-8f10-6b2c7d9e0a54";
    public static final String CORRELATION_ID = "corr-web-20260930-0042";
    public static final Instant RECEIVED_AT = Instant.parse("2026-09-30T09:55:00Z");
    private static final String ATTACHMENTS = "s3://closed-loop-attachments/2026/09/30/WEB-20260930-0042";

    public static final Actor WEB_CUSTOMER = Actor.customer(Channel.WEB, "web-portal-adapter");
    public static final Actor PHONE_CUSTOMER = Actor.customer(Channel.PHONE, "call-center-adapter");
    public static final Actor CLASSIFIER = Actor.service("routing-service", "complaint-classifier@2026.09");
    public static final Actor ROUTER = Actor.service("routing-service", "routing-rules@7");
    public static final Actor SLA_TIMER = Actor.service("sla-timer-service", "default-clocks@3");
    public static final Actor FEEDBACK = Actor.service("feedback-service", "feedback-templates@4");
    public static final Actor INTAKE = Actor.service("intake-service", "duplicate-window@1");
    public static final Actor AGENT = Actor.user("li.na");
    public static final Actor APPROVER = Actor.user("zhao.lei");

    private static final Map<Class<? extends ComplaintEvent>, ComplaintEvent> EVENTS = new LinkedHashMap<>();
    private static final Map<Class<? extends ComplaintEvent>, Long> SEQUENCES = new LinkedHashMap<>();
    private static final Map<Class<? extends ComplaintEvent>, Instant> OCCURRED_AT = new LinkedHashMap<>();
    private static final Map<Class<? extends ComplaintCommand>, ComplaintCommand> COMMANDS = new LinkedHashMap<>();

    private ContractSamples() {
    }

    /** The data key {@link #sealedComplainant()} was sealed with: bytes 0 to 31. */
    public static byte[] sampleDataKey() {
        byte[] key = new byte[PersonalDataSeal.KEY_BYTES];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        return key;
    }

    public static final String SUBJECT_ID = "subject-3c1e9a52-7b4d-4f0e-9d2a-5e8f61c0b7a4";

    /** {@link #complainant()} sealed for {@link #COMPLAINT_ID} with {@link #sampleDataKey()}. */
    public static SealedPersonalData sealedComplainant() {
        return new SealedPersonalData(SUBJECT_ID, PersonalDataSeal.ALGORITHM,
                "PZvWqBBk+ng+U7LYY4CeOxM/eIvORwM3HIWEYPok+DXk/T1UNJ+YEIuZznHoAkrRsuL+/oN34wBxh0t2BTK2Fzavf3XDlVvruffltNhP"
                        + "BKV10iHxCcACAhnVI84nTHj4dApnaJAH//P4F0dLZDtpJUzJ/Yz14qvSSaSzsNpbGq9e47nDDcSgwweLHaWfIVA=");
    }

    public static Complainant complainant() {
        return new Complainant("王芳 (Wang Fang)", "+86 138 0013 8000", "wang.fang@example.cn", "CUST-004711");
    }

    public static Money cny(String amount) {
        return new Money(new BigDecimal(amount), "CNY");
    }

    public static List<Deadline> deadlines() {
        return List.of(
                new Deadline("acknowledge", "ComplaintAcknowledged", RECEIVED_AT,
                        Instant.parse("2026-09-30T11:55:00Z"), Instant.parse("2026-09-30T13:55:00Z"),
                        "cn-mainland@2026.1", "default-clocks@3"),
                new Deadline("resolve", "ComplaintResolved", RECEIVED_AT,
                        null, Instant.parse("2026-10-09T09:55:00Z"),
                        "cn-mainland@2026.1", "default-clocks@3"));
    }

    public static ComplaintSubmission submission() {
        return new ComplaintSubmission(
                Channel.WEB,
                "WEB-20260930-0042",
                RECEIVED_AT,
                complainant(),
                "刹车异响 / brake noise",
                "新车提车两周，低速刹车时左前轮有明显异响。"
                        + " The front-left brake squeals at low speed, two weeks after delivery.",
                InfoType.COMPLAINT,
                "Model S7 2026 款",
                "SO-2026-088123",
                new GeoLocation(31.2304, 121.4737),
                List.of(new AttachmentRef("brake-noise.mp4",
                                ATTACHMENTS + "/brake-noise.mp4", "video/mp4"),
                        new AttachmentRef("购车发票.pdf",
                                ATTACHMENTS + "/invoice.pdf", "application/pdf")),
                "上海市浦东新区",
                "zh-CN",
                new ChannelContext("web-form", null, false, null, null, null));
    }

    /** One sample per event class, keyed by class, in the order of a complaint's life. */
    public static Map<Class<? extends ComplaintEvent>, ComplaintEvent> events() {
        return Collections.unmodifiableMap(EVENTS);
    }

    /** One sample per command class, keyed by class. */
    public static Map<Class<? extends ComplaintCommand>, ComplaintCommand> commands() {
        return Collections.unmodifiableMap(COMMANDS);
    }

    public static ComplaintEvent event(Class<? extends ComplaintEvent> type) {
        ComplaintEvent sample = EVENTS.get(type);
        if (sample == null) {
            throw new AssertionError("no sample for event " + type.getName() + ": add one to ContractSamples");
        }
        return sample;
    }

    public static ComplaintCommand command(Class<? extends ComplaintCommand> type) {
        ComplaintCommand sample = COMMANDS.get(type);
        if (sample == null) {
            throw new AssertionError("no sample for command " + type.getName() + ": add one to ContractSamples");
        }
        return sample;
    }

    /**
     * The sample event of a type as it travels on {@code complaint.events.v1}. The revision is spelled out here
     * (not read from the class) so that bumping an event's {@code @Revision} without a new golden file fails.
     */
    public static ComplaintEventEnvelope envelope(Class<? extends ComplaintEvent> type) {
        ComplaintEvent payload = event(type);
        long sequence = SEQUENCES.get(type);
        return new ComplaintEventEnvelope(
                String.format("evt-6f1d3a2c-0000-4000-8000-%012d", sequence),
                ComplaintEvent.typeName(type),
                "1",
                payload.complaintId(),
                sequence,
                OCCURRED_AT.get(type),
                CORRELATION_ID,
                String.format("cmd-9a8b7c6d-0000-4000-8000-%012d", sequence),
                payload);
    }

    private static void event(String occurredAt, ComplaintEvent event) {
        SEQUENCES.put(event.getClass(), (long) EVENTS.size());
        OCCURRED_AT.put(event.getClass(), Instant.parse(occurredAt));
        EVENTS.put(event.getClass(), event);
    }

    private static void command(ComplaintCommand command) {
        COMMANDS.put(command.getClass(), command);
    }

    private static String commandId(int n) {
        return String.format("cmd-9a8b7c6d-0000-4000-8000-%012d", n);
    }

    static {
        ComplaintSubmission s = submission();
        event("2026-09-30T09:55:02Z", new ComplaintReceivedEvent(COMPLAINT_ID,
                s.channel(), s.channelMessageId(), s.receivedAt(), null, s.subject(), s.text(),
                s.infoType(), s.product(), s.orderRef(), s.location(), s.attachments(),
                s.region(), s.language(), s.channelContext(), WEB_CUSTOMER, sealedComplainant()));
        event("2026-09-30T09:55:04Z", new ComplaintClassifiedEvent(COMPLAINT_ID,
                InfoType.COMPLAINT, "brakes/noise", "high", List.of("刹车", "brake", "safety"),
                "complaint-classifier@2026.09", 0.92, false,
                CLASSIFIER));
        event("2026-09-30T09:55:05Z", new DeadlinesSetEvent(COMPLAINT_ID,
                deadlines(),
                SLA_TIMER));
        event("2026-09-30T09:57:30Z", new DepartmentAssignedEvent(COMPLAINT_ID,
                "after-sales", "P1", "品质问题：制动系统 / quality issue: braking system", "routing-rules@7",
                Instant.parse("2026-09-30T09:57:30Z"),
                ROUTER));
        event("2026-09-30T10:05:00Z", new ComplaintTransferredEvent(COMPLAINT_ID,
                "after-sales", "quality-engineering", "需要工程分析 / needs engineering analysis",
                AGENT));
        event("2026-09-30T10:20:00Z", new ComplaintAcknowledgedEvent(COMPLAINT_ID,
                "quality-engineering",
                "您好，我们已收到您的投诉，正在处理。Hello, we have received your complaint and are handling it.",
                Instant.parse("2026-09-30T10:20:00Z"),
                AGENT));
        event("2026-09-30T13:55:01Z", new EscalationDismissedEvent(COMPLAINT_ID,
                "acknowledge", 1, "已在期限内确认 / acknowledged before the deadline fell due",
                SLA_TIMER));
        event("2026-10-08T09:55:00Z", new DeadlineWarningRaisedEvent(COMPLAINT_ID,
                "resolve", Instant.parse("2026-10-09T09:55:00Z"), Instant.parse("2026-10-08T09:55:00Z"),
                SLA_TIMER));
        event("2026-10-08T10:30:00Z", new ExtensionPromisedEvent(COMPLAINT_ID,
                "resolve", Instant.parse("2026-10-12T10:00:00Z"),
                "等待供应商刹车片 / waiting for brake pads from the supplier",
                AGENT));
        event("2026-10-09T09:55:01Z", new EscalationRaisedEvent(COMPLAINT_ID,
                "resolve", 1, Instant.parse("2026-10-09T09:55:00Z"), "quality-director",
                SLA_TIMER));
        event("2026-10-09T15:00:00Z", new ProgressNotedEvent(COMPLAINT_ID,
                "已更换左前刹车片，试车无异响。Front-left brake pads replaced; no noise on the test drive.",
                AGENT));
        event("2026-10-09T15:10:00Z", new CompensationProposedEvent(COMPLAINT_ID,
                "comp-0001", "voucher", cny("299.00"), "保养代金券 / service voucher for the inconvenience",
                AGENT));
        event("2026-10-09T16:45:00Z", new CompensationApprovedEvent(COMPLAINT_ID,
                "comp-0001", cny("199.00"), "zhao.lei",
                APPROVER));
        event("2026-10-10T08:10:00Z", new CompensationPaidEvent(COMPLAINT_ID,
                "comp-0001", cny("199.00"), "PAY-20261010-7781",
                FEEDBACK));
        event("2026-10-10T08:30:00Z", new ComplaintResolvedEvent(COMPLAINT_ID,
                "更换刹车片并赠送保养券 / replaced the brake pads and gave a service voucher",
                "试车三次无异响 / no noise on three test drives",
                List.of("更换原厂刹车片 / use original brake pads"),
                "一个月后回访，期间免费检查 / a call in one month, free inspections until then",
                Instant.parse("2026-10-10T08:30:00Z"),
                AGENT));
        event("2026-10-10T09:00:00Z", new ResultFeedbackSentEvent(COMPLAINT_ID,
                "email", "问题已解决：刹车片已更换。Resolved: brake pads replaced, voucher of 199.00 CNY sent.",
                Instant.parse("2026-10-10T09:00:00Z"),
                FEEDBACK));
        event("2026-10-13T03:20:00Z", new SatisfactionRecordedEvent(COMPLAINT_ID,
                4, "处理及时，态度很好 / quick and friendly", "phone",
                Actor.user("sun.mei")));
        event("2026-10-13T03:25:00Z", new ComplaintReopenedEvent(COMPLAINT_ID,
                "异响再次出现 / the noise came back",
                PHONE_CUSTOMER));
        event("2026-10-20T02:15:00Z", new ComplaintClosedEvent(COMPLAINT_ID,
                "customer-confirmed", Instant.parse("2026-10-20T02:15:00Z"),
                PHONE_CUSTOMER));
        event("2026-10-21T06:00:00Z", new ComplaintWithdrawnEvent(COMPLAINT_ID,
                "客户撤回：已在经销商处解决 / withdrawn: fixed at the dealer",
                Actor.customer(Channel.EMAIL, "mail-adapter")));
        event("2026-10-21T06:00:02Z", new DuplicateDetectedEvent(COMPLAINT_ID,
                EARLIER_COMPLAINT_ID, "72小时内同一客户同一问题 / same customer and issue within 72h",
                INTAKE));
        event("2026-10-21T06:05:00Z", new CommandRejectedEvent(COMPLAINT_ID,
                "RaiseEscalation", commandId(99), "clock 'acknowledge' was met before it fell due / 已按时确认",
                SLA_TIMER));
        // Added after the others: kept at the end so that the earlier samples keep their sequence numbers (and
        // their golden files stay as they are).
        event("2026-10-21T06:10:00Z", new CustomerInformationRequestedEvent(COMPLAINT_ID,
                "请提供购买发票的照片 / please send a photo of the purchase invoice",
                Instant.parse("2026-10-21T06:10:00Z"),
                AGENT));
        event("2026-10-21T09:40:00Z", new CustomerRepliedEvent(COMPLAINT_ID,
                "发票照片已上传 / the photo of the invoice is uploaded",
                Instant.parse("2026-10-21T09:40:00Z"),
                WEB_CUSTOMER));
        event("2026-11-02T10:00:00Z", new PersonalDataErasedEvent(COMPLAINT_ID,
                SUBJECT_ID, Instant.parse("2026-11-02T10:00:00Z"),
                "删除请求 PIPL-2026-0042 / erasure request PIPL-2026-0042",
                Actor.user("wu.min")));

        command(new ReceiveComplaintCommand(commandId(0), COMPLAINT_ID, s, WEB_CUSTOMER));
        command(new ClassifyComplaintCommand(commandId(1), COMPLAINT_ID, InfoType.COMPLAINT, "brakes/noise", "high",
                List.of("刹车", "brake", "safety"), "complaint-classifier@2026.09", 0.92, false, CLASSIFIER));
        command(new SetDeadlinesCommand(commandId(2), COMPLAINT_ID, deadlines(), SLA_TIMER));
        command(new AssignDepartmentCommand(commandId(3), COMPLAINT_ID, "after-sales", "P1",
                "品质问题：制动系统 / quality issue: braking system", "routing-rules@7", ROUTER));
        command(new TransferComplaintCommand(commandId(4), COMPLAINT_ID, "quality-engineering",
                "需要工程分析 / needs engineering analysis", AGENT));
        command(new AcknowledgeComplaintCommand(commandId(5), COMPLAINT_ID, "quality-engineering",
                "您好，我们已收到您的投诉，正在处理。Hello, we have received your complaint and are handling it.", AGENT));
        command(new RaiseDeadlineWarningCommand(commandId(6), COMPLAINT_ID, "resolve",
                Instant.parse("2026-10-09T09:55:00Z"), SLA_TIMER));
        command(new PromiseExtensionCommand(commandId(7), COMPLAINT_ID, "resolve",
                Instant.parse("2026-10-12T10:00:00Z"),
                "等待供应商刹车片 / waiting for brake pads from the supplier", AGENT));
        command(new RaiseEscalationCommand(commandId(8), COMPLAINT_ID, "resolve", 1,
                Instant.parse("2026-10-09T09:55:00Z"), "quality-director", SLA_TIMER));
        command(new NoteProgressCommand(commandId(9), COMPLAINT_ID,
                "已更换左前刹车片，试车无异响。Front-left brake pads replaced; no noise on the test drive.", AGENT));
        command(new ProposeCompensationCommand(commandId(10), COMPLAINT_ID, "comp-0001", "voucher", cny("299.00"),
                "保养代金券 / service voucher for the inconvenience", AGENT));
        command(new ApproveCompensationCommand(commandId(11), COMPLAINT_ID, "comp-0001", cny("199.00"), "zhao.lei",
                APPROVER));
        command(new PayCompensationCommand(commandId(12), COMPLAINT_ID, "comp-0001", cny("199.00"),
                "PAY-20261010-7781", FEEDBACK));
        command(new ResolveComplaintCommand(commandId(13), COMPLAINT_ID,
                "更换刹车片并赠送保养券 / replaced the brake pads and gave a service voucher",
                "试车三次无异响 / no noise on three test drives",
                List.of("更换原厂刹车片 / use original brake pads"),
                "一个月后回访，期间免费检查 / a call in one month, free inspections until then", AGENT));
        command(new RecordResultFeedbackCommand(commandId(14), COMPLAINT_ID, "email",
                "问题已解决：刹车片已更换。Resolved: brake pads replaced, voucher of 199.00 CNY sent.", FEEDBACK));
        command(new RecordSatisfactionCommand(commandId(15), COMPLAINT_ID, 4, "处理及时，态度很好 / quick and friendly",
                "phone", Actor.user("sun.mei")));
        command(new ReopenComplaintCommand(commandId(16), COMPLAINT_ID, "异响再次出现 / the noise came back",
                PHONE_CUSTOMER));
        command(new CloseComplaintCommand(commandId(17), COMPLAINT_ID, "customer-confirmed", PHONE_CUSTOMER));
        command(new WithdrawComplaintCommand(commandId(18), COMPLAINT_ID,
                "客户撤回：已在经销商处解决 / withdrawn: fixed at the dealer", Actor.customer(Channel.EMAIL, "mail-adapter")));
        command(new MarkDuplicateCommand(commandId(19), COMPLAINT_ID, EARLIER_COMPLAINT_ID,
                "72小时内同一客户同一问题 / same customer and issue within 72h", INTAKE));
        command(new RequestCustomerInformationCommand(commandId(20), COMPLAINT_ID,
                "请提供购买发票的照片 / please send a photo of the purchase invoice", AGENT));
        command(new RecordCustomerReplyCommand(commandId(21), COMPLAINT_ID,
                "发票照片已上传 / the photo of the invoice is uploaded", WEB_CUSTOMER));
    }
}
