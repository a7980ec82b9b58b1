package io.closedloop.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a customer spoke to us. The channel's own timestamp starts every clock. */
public enum Channel {
    @JsonProperty("phone") PHONE,
    @JsonProperty("email") EMAIL,
    @JsonProperty("web") WEB,
    @JsonProperty("social") SOCIAL,
    @JsonProperty("onsite") ONSITE;

    /** The lower-case code used on the wire and in URLs. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
