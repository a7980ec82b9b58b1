package io.closedloop.intake.channel.support;

import java.util.regex.Pattern;

/** The adapter name a caller gives in {@code X-Channel-Adapter}: a short code, since it becomes a metric tag. */
public final class AdapterNames {

    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    private AdapterNames() {
    }

    public static String of(String header, String fallback) {
        if (header == null || header.isBlank()) {
            return fallback;
        }
        String name = header.strip();
        if (!CODE.matcher(name).matches()) {
            throw ChannelProblem.invalid(java.util.List.of(new Issue("X-Channel-Adapter",
                    new Words("应为小写字母、数字和连字符，最多 40 个字符",
                            "must be lower-case letters, digits and hyphens, at most 40 characters"))), Lang.EN);
        }
        return name;
    }
}
