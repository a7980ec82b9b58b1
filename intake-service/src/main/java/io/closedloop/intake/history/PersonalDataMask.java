package io.closedloop.intake.history;

import io.closedloop.contract.Complainant;

/**
 * Masks a complainant's personal data for people who do not need it: 张三 → 张*, 13812345678 → 138****5678,
 * li.wei@example.com → l***@example.com. The customer id stays: it is how departments find the customer record.
 */
public final class PersonalDataMask {

    private PersonalDataMask() {
    }

    public static Complainant mask(Complainant c) {
        return c == null ? null : c.masked();
    }
}
