package io.closedloop.intake.channel.support;

import java.util.List;
import java.util.Map;

/**
 * Chinese for the reasons the intake's validator gives (it speaks English to developers). Adapters check their
 * fields before filing, so these are rare; a reason with no translation is shown in English after a Chinese lead-in.
 */
final class IntakeReasons {

    private static final List<Map.Entry<String, String>> KNOWN = List.of(
            Map.entry("is required", "此项必填"),
            Map.entry("is longer than", "内容过长"),
            Map.entry("contains control characters", "含有不可见的控制字符"),
            Map.entry("is not a phone number", "不是有效的电话号码"),
            Map.entry("is not an email address", "不是有效的电子邮箱地址"),
            Map.entry("needs a phone, an email or a customerId", "请至少留下电话、邮箱或客户编号，以便我们回复您"),
            Map.entry("is in the future", "时间晚于当前时间，请检查"),
            Map.entry("is before", "时间过早，请检查"),
            Map.entry("must be an http or https address", "应为 http 或 https 网址"),
            Map.entry("is not a language tag", "不是有效的语言代码"));

    private IntakeReasons() {
    }

    static String zh(String reason) {
        for (Map.Entry<String, String> known : KNOWN) {
            if (reason.startsWith(known.getKey())) {
                return known.getValue();
            }
        }
        return "内容不符合要求：" + reason;
    }
}
