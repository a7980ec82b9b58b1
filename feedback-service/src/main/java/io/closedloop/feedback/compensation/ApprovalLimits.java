package io.closedloop.feedback.compensation;

import io.closedloop.feedback.config.FeedbackProperties;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Who may approve how much (closedloop.feedback.compensation): each approver has a role, each role a limit per
 * currency, inclusive. An approver who is not listed, or whose role has no limit in the currency, may approve
 * nothing. Until the security issue adds authentication, the approver is who the request says it is.
 */
@Component
class ApprovalLimits {

    sealed interface Verdict {
        record Allowed(String role, BigDecimal limit) implements Verdict { }
        record UnknownApprover() implements Verdict { }
        record NoLimitInCurrency(String role) implements Verdict { }
        record AboveLimit(String role, BigDecimal limit) implements Verdict { }
    }

    private final FeedbackProperties.Compensation config;

    ApprovalLimits(FeedbackProperties properties) {
        this.config = properties.compensation();
    }

    Verdict check(String approver, BigDecimal amount, String currency) {
        String role = config.approvers().get(approver);
        if (role == null) {
            return new Verdict.UnknownApprover();
        }
        Map<String, BigDecimal> limits = config.roles().getOrDefault(role, Map.of());
        BigDecimal limit = limits.get(currency);
        if (limit == null) {
            return new Verdict.NoLimitInCurrency(role);
        }
        if (amount.compareTo(limit) > 0) {
            return new Verdict.AboveLimit(role, limit);
        }
        return new Verdict.Allowed(role, limit);
    }
}
