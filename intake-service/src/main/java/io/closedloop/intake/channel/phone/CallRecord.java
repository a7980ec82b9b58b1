package io.closedloop.intake.channel.phone;

import io.closedloop.contract.AttachmentRef;
import io.closedloop.contract.Channel;
import io.closedloop.contract.ChannelContext;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.ComplaintSubmission;
import io.closedloop.intake.channel.support.JsonPayload;
import io.closedloop.intake.channel.support.Lang;
import io.closedloop.intake.channel.support.Words;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A call record as a call-centre or IVR system posts it, or as an agent types it in on the agent form:
 * <pre>{"callId": "CC-20261123-000123", "callerNumber": "+86 138 1234 5678", "startedAt": "2026-11-23T09:15:00+08:00",
 *  "agent": "agent-042", "notes": "what the caller said", "recordingRef": "https://recordings.example.com/r/123"}</pre>
 * plus, where known: callerName, callerEmail, customerId, subject, product, orderRef, region, language (the
 * caller's, BCP 47), system (the call-centre platform) and durationSeconds. The call id is the channel message id:
 * the same call posted again is the same complaint. The call's start is when the customer complained.
 */
final class CallRecord {

    private static final Set<String> RECORDING_SCHEMES = Set.of("http", "https", "s3", "urn");

    /** Intake's names for what it refuses, as the call record calls them. */
    static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("channelMessageId", "callId"),
            Map.entry("receivedAt", "startedAt"),
            Map.entry("text", "notes"),
            Map.entry("complainant", "callerNumber"),
            Map.entry("complainant.name", "callerName"),
            Map.entry("complainant.phone", "callerNumber"),
            Map.entry("complainant.email", "callerEmail"),
            Map.entry("complainant.customerId", "customerId"),
            Map.entry("attachments[0].uri", "recordingRef"),
            Map.entry("channelContext.agent", "agent"),
            Map.entry("channelContext.platform", "system"));

    private CallRecord() {
    }

    static ComplaintSubmission read(JsonPayload call, Lang lang) {
        String callId = call.text("callId", true, 200);
        String callerNumber = call.text("callerNumber", false, 40);
        String customerId = call.text("customerId", false, 100);
        if (callerNumber == null && customerId == null && !call.has("callerNumber")) {
            call.issue("callerNumber", new Words("必填：来电号码（号码隐藏时请填写客户编号 customerId）",
                    "is required (for a withheld number, give customerId instead)"));
        }
        var startedAt = call.instant("startedAt", true);
        String notes = call.text("notes", true, 20_000);
        String agent = call.text("agent", false, 200);
        String recordingRef = call.text("recordingRef", false, 2000);
        if (recordingRef != null && !hasScheme(recordingRef, RECORDING_SCHEMES)) {
            call.issue("recordingRef", new Words("应为录音的地址（http、https、s3 或 urn）",
                    "must be a reference to the recording with scheme http, https, s3 or urn"));
        }
        String callerName = call.text("callerName", false, 200);
        String callerEmail = call.text("callerEmail", false, 254);
        String subject = call.text("subject", false, 300);
        String product = call.text("product", false, 300);
        String orderRef = call.text("orderRef", false, 300);
        String region = call.text("region", false, 100);
        String language = call.text("language", false, 35);
        String system = call.text("system", false, 50);
        Long durationSeconds = call.count("durationSeconds");
        call.throwIfAny(lang);
        List<AttachmentRef> attachments = recordingRef == null ? List.of()
                : List.of(new AttachmentRef("call recording " + callId
                + (durationSeconds == null ? "" : " (" + durationSeconds + " s)"), recordingRef, null));
        return new ComplaintSubmission(Channel.PHONE, callId, startedAt,
                new Complainant(callerName, callerNumber, callerEmail, customerId), subject, notes, null, product,
                orderRef, null, attachments, region, language,
                new ChannelContext(system, null, false, null, agent, null));
    }

    static boolean hasScheme(String uri, Set<String> schemes) {
        try {
            String scheme = URI.create(uri).getScheme();
            return scheme != null && schemes.contains(scheme.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
