package io.closedloop.intake.channel.support;

/** One thing said in both languages. The English text doubles as the developer-facing {@code reason}. */
public record Words(String zh, String en) {

    public String in(Lang lang) {
        return lang == Lang.ZH ? zh : en;
    }

    public static Words required() {
        return new Words("此项必填", "is required");
    }

    public static Words tooLong(int max) {
        return new Words("不能超过 " + max + " 个字符", "is longer than " + max + " characters");
    }

    public static Words notText() {
        return new Words("应为文字", "must be a string");
    }

    public static Words controlCharacters() {
        return new Words("含有不可见的控制字符", "contains control characters");
    }

    public static Words notTime() {
        return new Words("时间格式不正确，应如 2026-11-23T09:30:00+08:00",
                "is not an ISO-8601 date-time with offset, e.g. 2026-11-23T09:30:00+08:00");
    }

    public static Words notCount() {
        return new Words("应为不小于 0 的整数", "must be a whole number, 0 or more");
    }

    public static Words notBoolean() {
        return new Words("应为 true 或 false", "must be true or false");
    }

    public static Words notObject() {
        return new Words("应为一个对象", "must be a JSON object");
    }
}
