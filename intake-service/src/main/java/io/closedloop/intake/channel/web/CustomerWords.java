package io.closedloop.intake.channel.web;

import io.closedloop.intake.channel.support.Lang;
import io.closedloop.intake.channel.support.Words;

import java.util.Map;

/** What the status page says, in both languages: statuses, milestones, promised dates, channels and departments. */
final class CustomerWords {

    private static final Map<String, Words> STATUS = Map.of(
            "received", new Words("已收到", "Received"),
            "assigned", new Words("已转交负责部门", "With the responsible team"),
            "in_progress", new Words("正在处理", "Being handled"),
            "waiting_for_you", new Words("等待您补充信息", "Waiting for information from you"),
            "resolved", new Words("已解决", "Resolved"),
            "closed", new Words("已结案", "Closed"),
            "withdrawn", new Words("已撤回", "Withdrawn"));

    private static final Map<String, Words> STATUS_EXPLAINED = Map.of(
            "received", new Words("我们已收到您的投诉，正在安排负责部门。", "We have your complaint and are finding the right team for it."),
            "assigned", new Words("负责部门已接手，将很快与您联系。", "The responsible team has it and will contact you soon."),
            "in_progress", new Words("负责部门正在处理您的投诉。", "The responsible team is working on your complaint."),
            "waiting_for_you", new Words("我们需要您补充一些信息，请查看下方的问题并通过电话或邮件回复我们。",
                    "We need some information from you: see the question below and answer us by phone or email."),
            "resolved", new Words("您的投诉已处理，处理结果见下方。", "Your complaint has been dealt with; the solution is below."),
            "closed", new Words("此投诉已结案。如仍有问题，请再次联系我们。", "This complaint is closed. If anything is still wrong, contact us again."),
            "withdrawn", new Words("此投诉已撤回。", "This complaint was withdrawn."));

    private static final Map<String, Words> MILESTONE = Map.ofEntries(
            Map.entry("received", new Words("收到投诉", "Complaint received")),
            Map.entry("assigned", new Words("转交负责部门", "Passed to the responsible team")),
            Map.entry("transferred", new Words("转交其他部门处理", "Passed to another team")),
            Map.entry("acknowledged", new Words("负责部门确认受理", "The team confirmed it is handling your complaint")),
            Map.entry("information_requested", new Words("需要您补充信息", "We asked you for information")),
            Map.entry("customer_replied", new Words("已收到您的答复", "We received your answer")),
            Map.entry("extension_promised", new Words("处理时间延长", "We need more time")),
            Map.entry("resolved", new Words("处理完成", "Resolved")),
            Map.entry("reopened", new Words("重新处理", "Reopened")),
            Map.entry("closed", new Words("结案", "Closed")),
            Map.entry("withdrawn", new Words("撤回", "Withdrawn")),
            Map.entry("merged", new Words("与相关投诉合并处理", "Handled together with a related complaint")));

    private static final Map<String, Words> DUE = Map.of(
            "acknowledge", new Words("确认受理，最晚于", "We confirm we are handling it by"),
            "resolve", new Words("处理完成，最晚于", "We resolve it by"),
            "result-feedback", new Words("告知您处理结果，最晚于", "We tell you the result by"),
            "inquiry-callback", new Words("回电答复您，最晚于", "We call you back by"),
            "failure-mode-appointment", new Words("与您预约上门时间，最晚于", "We arrange an appointment with you by"));

    private static final Map<String, Words> CHANNEL = Map.of(
            "web", new Words("网页表单", "web form"),
            "phone", new Words("电话", "phone"),
            "email", new Words("电子邮件", "email"),
            "social", new Words("社交媒体", "social media"),
            "onsite", new Words("现场服务台", "service desk"));

    /** Routing's department codes (routing-service rules); an unknown one is named generically, never by code. */
    private static final Map<String, Words> DEPARTMENT = Map.of(
            "customer-service", new Words("客户服务部", "Customer Service"),
            "after-sales", new Words("售后服务部", "After-Sales Service"),
            "quality", new Words("质量管理部", "Quality"),
            "logistics", new Words("物流配送部", "Delivery and Logistics"),
            "billing", new Words("账务部", "Billing"),
            "service-quality", new Words("服务质量部", "Service Quality"),
            "pr-legal", new Words("客户关系部", "Customer Relations"));

    private static final Words SOME_TEAM = new Words("专门处理团队", "a specialist team");

    private CustomerWords() {
    }

    static String status(String code, Lang lang) {
        return STATUS.getOrDefault(code, new Words(code, code)).in(lang);
    }

    static String statusExplained(String code, Lang lang) {
        return STATUS_EXPLAINED.getOrDefault(code, new Words("", "")).in(lang);
    }

    static String milestone(String code, Lang lang) {
        return MILESTONE.getOrDefault(code, new Words(code, code)).in(lang);
    }

    static String due(String clockId, Lang lang) {
        return DUE.getOrDefault(clockId, new Words("预计", "Expected by")).in(lang);
    }

    static String channel(String code, Lang lang) {
        return CHANNEL.getOrDefault(code, new Words(code, code)).in(lang);
    }

    static String department(String code, Lang lang) {
        return code == null ? null : DEPARTMENT.getOrDefault(code, SOME_TEAM).in(lang);
    }
}
