package io.closedloop.feedback.letter;

import java.util.Locale;

/** The languages letters, mails and pages are written in. */
public enum Language {
    ZH("zh", "zh-CN"),
    EN("en", "en");

    private final String code;
    private final String htmlTag;

    Language(String code, String htmlTag) {
        this.code = code;
        this.htmlTag = htmlTag;
    }

    /** {@code zh} or {@code en}: template file names and the {@code lang} parameter use it. */
    public String code() {
        return code;
    }

    /** For {@code <html lang>}. */
    public String htmlTag() {
        return htmlTag;
    }

    /**
     * The language for a customer whose complaint carried {@code tag} (BCP 47, e.g. {@code zh-Hans-CN},
     * {@code en-GB}): Chinese or English by its primary language, otherwise {@code fallback}.
     */
    public static Language of(String tag, Language fallback) {
        if (tag == null || tag.isBlank()) {
            return fallback;
        }
        String primary = Locale.forLanguageTag(tag.strip().replace('_', '-')).getLanguage();
        return switch (primary) {
            case "zh" -> ZH;
            case "en" -> EN;
            default -> fallback;
        };
    }

    /** {@code zh} or {@code en} exactly, else null. */
    public static Language ofCode(String code) {
        for (Language language : values()) {
            if (language.code.equals(code)) {
                return language;
            }
        }
        return null;
    }
}
