package io.closedloop.intake.channel.support;

import java.util.Locale;

/** The two languages people read our pages and messages in. Chinese and English are both first-class. */
public enum Lang {
    ZH("zh-CN"),
    EN("en");

    private final String tag;

    Lang(String tag) {
        this.tag = tag;
    }

    /** The BCP 47 tag a submission records as the customer's language. */
    public String tag() {
        return tag;
    }

    /**
     * The language of a request: the one the person chose (a form's {@code language}), else the first of
     * {@code Accept-Language} we speak, else English (webhook callers are developers).
     */
    public static Lang of(String chosen, String acceptLanguage) {
        Lang lang = match(chosen);
        if (lang != null) {
            return lang;
        }
        if (acceptLanguage != null) {
            for (String range : acceptLanguage.split(",")) {
                lang = match(range.split(";")[0]);
                if (lang != null) {
                    return lang;
                }
            }
        }
        return EN;
    }

    static Lang match(String tag) {
        if (tag == null) {
            return null;
        }
        String t = tag.strip().toLowerCase(Locale.ROOT);
        if (t.equals("zh") || t.startsWith("zh-") || t.startsWith("zh_")) {
            return ZH;
        }
        if (t.equals("en") || t.startsWith("en-") || t.startsWith("en_")) {
            return EN;
        }
        return null;
    }
}
