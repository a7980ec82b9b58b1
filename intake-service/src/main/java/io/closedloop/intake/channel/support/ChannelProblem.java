package io.closedloop.intake.channel.support;

import java.time.Duration;
import java.util.List;

/**
 * A refusal by a channel endpoint, rendered by {@link ChannelProblems} as {@code application/problem+json} in the
 * caller's language: each error names the field, the reason (English, for developers) and a message for the person
 * in front of a form.
 */
public class ChannelProblem extends RuntimeException {

    private final int status;
    private final String type;
    private final Words title;
    private final Words detail;
    private final transient List<Issue> issues;
    private final Lang lang;
    private final Duration retryAfter;

    ChannelProblem(int status, String type, Words title, Words detail, List<Issue> issues, Lang lang,
                   Duration retryAfter) {
        super(type + ": " + detail.en() + (issues.isEmpty() ? "" : " " + issues.stream()
                .map(i -> i.field() + " " + i.words().en()).toList()));
        this.status = status;
        this.type = type;
        this.title = title;
        this.detail = detail;
        this.issues = List.copyOf(issues);
        this.lang = lang;
        this.retryAfter = retryAfter;
    }

    /** 400: the payload or form has these wrong fields. */
    public static ChannelProblem invalid(List<Issue> issues, Lang lang) {
        return new ChannelProblem(400, "invalid-input", new Words("内容有误", "Invalid input"),
                new Words("请按提示修改标出的内容。", "Some fields are missing or wrong; see errors."), issues, lang, null);
    }

    /** Any other refusal: a status, a problem type (the last segment of its URI) and what to say. */
    public static ChannelProblem of(int status, String type, Words title, Words detail, Lang lang) {
        return new ChannelProblem(status, type, title, detail, List.of(), lang, null);
    }

    /** 404 for a status lookup: the same answer whether the number or the second factor was wrong. */
    public static ChannelProblem notFound(Lang lang) {
        return new ChannelProblem(404, "tracking-not-found", new Words("未找到", "Not found"),
                new Words("没有找到与该查询编号和验证信息相符的投诉。请检查后重试。",
                        "No complaint matches this tracking number and verification. Check both and try again."),
                List.of(), lang, null);
    }

    /** 429: too many failed lookups; try again after the wait. */
    public static ChannelProblem throttled(Duration wait, Lang lang) {
        long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
        return new ChannelProblem(429, "too-many-attempts", new Words("尝试次数过多", "Too many attempts"),
                new Words("查询失败次数过多，请 " + minutes + " 分钟后再试。",
                        "Too many failed lookups. Try again in " + minutes + " minute(s)."),
                List.of(), lang, wait);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public Words title() {
        return title;
    }

    public Words detail() {
        return detail;
    }

    public List<Issue> issues() {
        return issues;
    }

    public Lang lang() {
        return lang;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
