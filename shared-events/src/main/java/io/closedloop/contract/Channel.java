package io.closedloop.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a customer spoke to us. The channel's own timestamp starts every clock. */
public enum Channel {
    @JsonProperty("phone") PHONE,
    @JsonProperty("email") EMAIL,
    @JsonProperty("web") WEB,
    @JsonProperty("social") SOCIAL,
    @JsonProperty("onsite") ONSITE,
    /** a letter or fax (来信); its clock starts when it was received, as stamped by the mail room */
    @JsonProperty("letter") LETTER,
    /** handed over by someone else (转办): a regulator, a public hotline such as 12315, a partner or dealer */
    @JsonProperty("referral") REFERRAL;

    /** The lower-case code used on the wire and in URLs. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
