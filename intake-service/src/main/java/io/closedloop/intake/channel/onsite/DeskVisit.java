package io.closedloop.intake.channel.onsite;

import io.closedloop.contract.Channel;
import io.closedloop.contract.ChannelContext;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.ComplaintSubmission;
import io.closedloop.intake.channel.support.JsonPayload;
import io.closedloop.intake.channel.support.Lang;

import java.util.List;
import java.util.Map;

/**
 * A complaint handed in at an on-site service desk, as the person at the desk types it into the agent form:
 * <pre>{"visitId": "(a UUID the page makes)", "deskLocation": "浦东服务站 1号窗口", "agent": "desk-007",
 *  "visitedAt": "2026-11-23T10:05:00+08:00", "customerName": "王芳", "customerPhone": "13812345678",
 *  "text": "what the customer said"}</pre>
 * plus customerEmail, customerId, subject, product, orderRef, region and language (the customer's). The visit id
 * makes a double submission harmless.
 */
final class DeskVisit {

    static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("channelMessageId", "visitId"),
            Map.entry("receivedAt", "visitedAt"),
            Map.entry("complainant", "customerPhone"),
            Map.entry("complainant.name", "customerName"),
            Map.entry("complainant.phone", "customerPhone"),
            Map.entry("complainant.email", "customerEmail"),
            Map.entry("complainant.customerId", "customerId"),
            Map.entry("channelContext.agent", "agent"),
            Map.entry("channelContext.deskLocation", "deskLocation"));

    private DeskVisit() {
    }

    static ComplaintSubmission read(JsonPayload visit, Lang lang) {
        String visitId = visit.text("visitId", true, 200);
        String deskLocation = visit.text("deskLocation", true, 300);
        String agent = visit.text("agent", true, 200);
        var visitedAt = visit.instant("visitedAt", true);
        String name = visit.text("customerName", false, 200);
        String phone = visit.text("customerPhone", false, 40);
        String email = visit.text("customerEmail", false, 254);
        String customerId = visit.text("customerId", false, 100);
        String subject = visit.text("subject", false, 300);
        String text = visit.text("text", true, 20_000);
        String product = visit.text("product", false, 300);
        String orderRef = visit.text("orderRef", false, 300);
        String region = visit.text("region", false, 100);
        String language = visit.text("language", false, 35);
        visit.throwIfAny(lang);
        return new ComplaintSubmission(Channel.ONSITE, visitId, visitedAt, new Complainant(name, phone, email, customerId),
                subject, text, null, product, orderRef, null, List.of(), region, language,
                new ChannelContext(null, null, false, null, agent, deskLocation));
    }
}
