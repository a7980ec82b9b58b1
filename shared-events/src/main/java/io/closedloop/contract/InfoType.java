package io.closedloop.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The kind of information a customer brings (信息类型); it decides which clocks run. */
public enum InfoType {
    /** 咨询: a question. */
    @JsonProperty("inquiry") INQUIRY,
    /** 抱怨/投诉: a complaint. */
    @JsonProperty("complaint") COMPLAINT,
    /** 求援: a product that cannot be used where the customer is, e.g. a car broken down on the road. */
    @JsonProperty("rescue_request") RESCUE_REQUEST,
    /** 最新故障模式: the first report of a failure of a part. */
    @JsonProperty("new_failure_mode") NEW_FAILURE_MODE,
    /** 外部投诉: a complaint made to media, a regulator or a court; the most serious kind. */
    @JsonProperty("external_complaint") EXTERNAL_COMPLAINT;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
