package io.closedloop.routing.rules;

import io.closedloop.contract.Channel;
import io.closedloop.contract.ChannelContext;
import io.closedloop.contract.GeoLocation;
import io.closedloop.contract.InfoType;

import java.time.Instant;
import java.util.Locale;

/**
 * What routing knows about a complaint when it decides: what the customer said, where from, and how it was
 * classified.
 *
 * @param category       the category's code in the taxonomy, e.g. {@code product-quality/brakes}
 * @param region         where the complaint belongs ({@code 上海市浦东新区}, or a sales-region code), if the channel said
 * @param channelContext what the channel knows about how the customer spoke (e.g. a public post), if anything
 */
public record RoutingInput(InfoType infoType, String category, String severity, String product, Channel channel,
        String subject, String text, GeoLocation location, Instant receivedAt, String region,
        ChannelContext channelContext) {

    InfoType infoTypeOrDefault() {
        return infoType == null ? InfoType.COMPLAINT : infoType;
    }

    /** Whether other people can see what the customer wrote; unknown counts as private. */
    boolean publicPost() {
        return channelContext != null && Boolean.TRUE.equals(channelContext.publicPost());
    }

    /** Subject and text, lower-cased once, for keyword matching. */
    String searchableText() {
        return ((subject == null ? "" : subject) + "\n" + (text == null ? "" : text)).toLowerCase(Locale.ROOT);
    }

    public RoutingInput classifiedAs(InfoType newInfoType, String newCategory, String newSeverity) {
        return new RoutingInput(newInfoType == null ? infoType : newInfoType,
                newCategory == null ? category : newCategory, newSeverity == null ? severity : newSeverity, product,
                channel, subject, text, location, receivedAt, region, channelContext);
    }
}
