package io.closedloop.feedback.compensation;

import io.closedloop.feedback.TestProperties;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class ApprovalLimitsTest {

    final ApprovalLimits limits = new ApprovalLimits(TestProperties.defaults());

    @Test
    void anApproverMayApproveUpToAndIncludingTheLimitOfTheirRole() {
        assertThat(limits.check("zhang.wei", new BigDecimal("500.00"), "CNY"))
                .isEqualTo(new ApprovalLimits.Verdict.Allowed("team-lead", new BigDecimal("500")));
        assertThat(limits.check("zhang.wei", new BigDecimal("500.01"), "CNY"))
                .isEqualTo(new ApprovalLimits.Verdict.AboveLimit("team-lead", new BigDecimal("500")));
        assertThat(limits.check("wang.qiang", new BigDecimal("50000"), "CNY"))
                .isInstanceOf(ApprovalLimits.Verdict.Allowed.class);
    }

    @Test
    void nobodyUnlistedAndNoRoleWithoutALimitInTheCurrencyMayApprove() {
        assertThat(limits.check("someone", BigDecimal.ONE, "CNY"))
                .isInstanceOf(ApprovalLimits.Verdict.UnknownApprover.class);
        assertThat(limits.check("zhang.wei", BigDecimal.ONE, "USD"))
                .isEqualTo(new ApprovalLimits.Verdict.NoLimitInCurrency("team-lead"));
    }
}
