package io.closedloop.routing.rules;

import io.closedloop.contract.Channel;
import io.closedloop.contract.GeoLocation;
import io.closedloop.contract.InfoType;

import java.time.Instant;
import java.util.Locale;

/** What routing knows about a complaint when it decides: what the customer said and how it was classified. */
public record RoutingInput(InfoType infoType, String category, String severity, String product, Channel channel,
        String subject, String text, GeoLocation location, Instant receivedAt) {

    InfoType infoTypeOrDefault() {
        return infoType == null ? InfoType.COMPLAINT : infoType;
    }

    /** Subject and text, lower-cased once, for keyword matching. */
    String searchableText() {
        return ((subject == null ? "" : subject) + "\n" + (text == null ? "" : text)).toLowerCase(Locale.ROOT);
    }

    public RoutingInput classifiedAs(InfoType newInfoType, String newCategory, String newSeverity) {
        return new RoutingInput(newInfoType == null ? infoType : newInfoType,
                newCategory == null ? category : newCategory, newSeverity == null ? severity : newSeverity, product,
                channel, subject, text, location, receivedAt);
    }
}
