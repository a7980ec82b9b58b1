package io.closedloop.intake.intake;

import io.closedloop.contract.AttachmentRef;
import io.closedloop.contract.ChannelContext;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.ComplaintSubmission;
import io.closedloop.contract.GeoLocation;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a submission from any channel before it becomes a complaint, and says what is wrong field by field,
 * in words a channel developer can act on. Shared by the HTTP API and the Kafka intake topic.
 */
public final class ComplaintSubmissionValidator {

    static final int MAX_TEXT = 20_000;
    static final int MAX_SHORT = 300;
    static final int MAX_ATTACHMENTS = 20;
    /** Channel clocks drift; a receivedAt further ahead than this is a wrong clock, not a complaint from the future. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    // C0 and C1 control characters except tab, line feed and carriage return; also unpaired surrogates.
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\t\\n\\r]]|\\p{Cs}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()\\-]{2,31}");
    /**
     * A local part, an {@code @} and a domain of dot-separated labels. A domain without a dot is allowed, as HTML's
     * {@code type=email} and RFC 5321 allow it: mail from an intranet host ({@code root@vm}) is a real sender the
     * email channel must be able to answer.
     */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)*");
    // BCP 47 in the shape people use: a language, then optional script/region/variant subtags (zh, zh-Hans-CN, en-GB)
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}");
    static final int MAX_REGION = 100;
    private static final Set<String> ATTACHMENT_SCHEMES = Set.of("http", "https", "s3", "cid", "urn", "mailbox");

    private final Clock clock;

    public ComplaintSubmissionValidator(Clock clock) {
        this.clock = clock;
    }

    public List<FieldError> validate(ComplaintSubmission s) {
        List<FieldError> errors = new ArrayList<>();
        if (s == null) {
            errors.add(new FieldError("$", "a complaint object is required"));
            return errors;
        }
        if (s.channel() == null) {
            errors.add(new FieldError("channel", "is required (phone, email, web, social, onsite, letter or referral)"));
        }
        if (s.channelMessageId() != null && s.channelMessageId().isBlank()) {
            // a blank id would make every such complaint "the same message" and swallow all but the first
            errors.add(new FieldError("channelMessageId", "must not be blank; leave it out if the channel has none"));
        }
        text(errors, "channelMessageId", s.channelMessageId(), false, 200);
        if (s.receivedAt() == null) {
            errors.add(new FieldError("receivedAt", "is required: the time the customer complained, ISO-8601 with offset"));
        } else if (s.receivedAt().isAfter(clock.instant().plus(CLOCK_SKEW))) {
            errors.add(new FieldError("receivedAt", "is in the future (" + s.receivedAt() + "); check the channel's clock"));
        } else if (s.receivedAt().isBefore(EARLIEST)) {
            errors.add(new FieldError("receivedAt", "is before " + EARLIEST + "; check the channel's clock"));
        }
        complainant(errors, s.complainant());
        text(errors, "subject", s.subject(), false, MAX_SHORT);
        text(errors, "text", s.text(), true, MAX_TEXT);
        text(errors, "product", s.product(), false, MAX_SHORT);
        text(errors, "orderRef", s.orderRef(), false, MAX_SHORT);
        location(errors, s.location());
        attachments(errors, s.attachments());
        text(errors, "region", s.region(), false, MAX_REGION);
        if (s.language() != null && !LANGUAGE_TAG.matcher(s.language()).matches()) {
            errors.add(new FieldError("language", "is not a language tag such as zh, zh-CN or en"));
        }
        channelContext(errors, s.channelContext());
        return errors;
    }

    public void check(ComplaintSubmission s) {
        List<FieldError> errors = validate(s);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    private static void complainant(List<FieldError> errors, Complainant c) {
        if (c == null) {
            errors.add(new FieldError("complainant", "is required, with a phone, an email or a customerId"));
            return;
        }
        text(errors, "complainant.name", c.name(), false, 200);
        text(errors, "complainant.customerId", c.customerId(), false, 100);
        if (c.phone() != null && !PHONE.matcher(c.phone()).matches()) {
            errors.add(new FieldError("complainant.phone", "is not a phone number (digits, spaces, + ( ) -)"));
        }
        if (c.email() != null && (c.email().length() > 254 || !EMAIL.matcher(c.email()).matches())) {
            errors.add(new FieldError("complainant.email", "is not an email address"));
        }
        if (!c.hasContact()) {
            errors.add(new FieldError("complainant", "needs a phone, an email or a customerId so we can answer"));
        }
    }

    private static void channelContext(List<FieldError> errors, ChannelContext c) {
        if (c == null) {
            return;
        }
        text(errors, "channelContext.platform", c.platform(), false, 50);
        text(errors, "channelContext.agent", c.agent(), false, 200);
        text(errors, "channelContext.deskLocation", c.deskLocation(), false, MAX_SHORT);
        if (text(errors, "channelContext.sourceUrl", c.sourceUrl(), false, 2000)) {
            try {
                String scheme = URI.create(c.sourceUrl()).getScheme();
                if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                    errors.add(new FieldError("channelContext.sourceUrl", "must be an http or https address"));
                }
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("channelContext.sourceUrl", "is not a valid URL"));
            }
        }
        if (c.audienceReach() != null && c.audienceReach() < 0) {
            errors.add(new FieldError("channelContext.audienceReach", "must not be negative"));
        }
    }

    private static void location(List<FieldError> errors, GeoLocation l) {
        if (l == null) {
            return;
        }
        if (!(l.lat() >= -90 && l.lat() <= 90)) {
            errors.add(new FieldError("location.lat", "must be between -90 and 90"));
        }
        if (!(l.lon() >= -180 && l.lon() <= 180)) {
            errors.add(new FieldError("location.lon", "must be between -180 and 180"));
        }
    }

    private static void attachments(List<FieldError> errors, List<AttachmentRef> attachments) {
        if (attachments == null) {
            return;
        }
        if (attachments.size() > MAX_ATTACHMENTS) {
            errors.add(new FieldError("attachments", "at most " + MAX_ATTACHMENTS + " attachments"));
            return;
        }
        for (int i = 0; i < attachments.size(); i++) {
            AttachmentRef a = attachments.get(i);
            String field = "attachments[" + i + "]";
            if (a == null) {
                errors.add(new FieldError(field, "must not be null"));
                continue;
            }
            text(errors, field + ".name", a.name(), false, 255);
            text(errors, field + ".mediaType", a.mediaType(), false, 100);
            if (text(errors, field + ".uri", a.uri(), true, 2000)) {
                try {
                    String scheme = URI.create(a.uri()).getScheme();
                    if (scheme == null || !ATTACHMENT_SCHEMES.contains(scheme.toLowerCase())) {
                        errors.add(new FieldError(field + ".uri", "must be a reference with one of the schemes "
                                + ATTACHMENT_SCHEMES + "; complaints carry references, not files"));
                    }
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError(field + ".uri", "is not a valid URI"));
                }
            }
        }
    }

    /** Checks one text field; true when it is present and fine. */
    private static boolean text(List<FieldError> errors, String field, String value, boolean required, int max) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, "is required and must not be blank"));
            }
            return false;
        }
        if (value.codePointCount(0, value.length()) > max) {
            errors.add(new FieldError(field, "is longer than " + max + " characters"));
            return false;
        }
        if (CONTROL.matcher(value).find()) {
            errors.add(new FieldError(field, "contains control characters"));
            return false;
        }
        return true;
    }
}
