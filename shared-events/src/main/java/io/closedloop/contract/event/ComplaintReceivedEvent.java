package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.GeoLocation;
import io.closedloop.contract.AttachmentRef;
import io.closedloop.contract.ChannelContext;
import io.closedloop.contract.SealedPersonalData;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * A customer complained through a channel; the first event of every complaint's stream. {@code region},
 * {@code language}, {@code channelContext} and {@code sealedComplainant} were added within revision 1: events
 * stored before them read as null.
 *
 * <p>{@code subject} and {@code text} hold the customer's words with the personal details in them masked (a phone
 * number as 138****5678); when intake masked any, {@code sealedWords} holds the words as written, sealed with the
 * same key as the complainant ({@code ComplaintWords}). Added within revision 1: older events hold the words as
 * written and no {@code sealedWords}.
 *
 * <p>Intake records the complainant only sealed ({@code sealedComplainant}, encrypted with the data subject's own
 * key) and leaves {@code complainant} empty, so that erasing the key erases the person from every copy of this
 * event. {@code complainant} in clear is what events recorded before sealing hold; readers still accept it.
 */
@Revision("1")
public record ComplaintReceivedEvent(String complaintId,
        Channel channel,
        String channelMessageId,
        Instant receivedAt,
        Complainant complainant,
        String subject,
        String text,
        InfoType infoType,
        String product,
        String orderRef,
        GeoLocation location,
        List<AttachmentRef> attachments,
        String region,
        String language,
        ChannelContext channelContext,
        Actor actor,
        SealedPersonalData sealedComplainant,
        SealedPersonalData sealedWords) implements ComplaintEvent {

    /** An event whose words hold no personal detail intake masked (or recorded before intake masked them). */
    public ComplaintReceivedEvent(String complaintId, Channel channel, String channelMessageId, Instant receivedAt,
            Complainant complainant, String subject, String text, InfoType infoType, String product, String orderRef,
            GeoLocation location, List<AttachmentRef> attachments, String region, String language,
            ChannelContext channelContext, Actor actor, SealedPersonalData sealedComplainant) {
        this(complaintId, channel, channelMessageId, receivedAt, complainant, subject, text, infoType, product,
                orderRef, location, attachments, region, language, channelContext, actor, sealedComplainant, null);
    }

    /** An event whose complainant is in clear: as recorded before sealing, and in tests of other services. */
    public ComplaintReceivedEvent(String complaintId, Channel channel, String channelMessageId, Instant receivedAt,
            Complainant complainant, String subject, String text, InfoType infoType, String product, String orderRef,
            GeoLocation location, List<AttachmentRef> attachments, String region, String language,
            ChannelContext channelContext, Actor actor) {
        this(complaintId, channel, channelMessageId, receivedAt, complainant, subject, text, infoType, product,
                orderRef, location, attachments, region, language, channelContext, actor, null, null);
    }

    /** The data subject whose key seals the complainant, or null if the complainant is in clear. */
    public String subjectId() {
        return sealedComplainant == null ? null : sealedComplainant.subjectId();
    }

    /** The same event with the complainant (e.g. masked, or opened) in clear and the sealed form left out. */
    public ComplaintReceivedEvent withComplainant(Complainant shown) {
        return new ComplaintReceivedEvent(complaintId, channel, channelMessageId, receivedAt, shown, subject, text,
                infoType, product, orderRef, location, attachments, region, language, channelContext, actor,
                sealedComplainant == null ? null
                        : new SealedPersonalData(sealedComplainant.subjectId(), null, null),
                sealedWords == null ? null : new SealedPersonalData(sealedWords.subjectId(), null, null));
    }
}
