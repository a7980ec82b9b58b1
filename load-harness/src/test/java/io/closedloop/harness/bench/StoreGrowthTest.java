package io.closedloop.harness.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreGrowthTest {

    @Test
    void eachCopyGetsItsOwnComplaintIdAndAMinuteOfThePastYear() {
        String sql = StoreGrowth.expand("select id(c), t.received_at - ago(c) from t where t.complaint_id = {t} and x::text = y",
                "db22b796-5f9d-3ddc-bd32-6e64ed3a6640", "1124061500");

        assertThat(sql).isEqualTo("select ('stored-1124061500-' || c), t.received_at - ((c % 525600) * interval "
                + "'1 minute') from t where t.complaint_id = 'db22b796-5f9d-3ddc-bd32-6e64ed3a6640' and x::text = y");
    }

    @Test
    void aTemplateIdIsQuotedAndATagIsOnlyLettersAndDigits() {
        assertThat(StoreGrowth.expand("where x = {t}", "it's", "a1")).isEqualTo("where x = 'it''s'");
        assertThatThrownBy(() -> StoreGrowth.expand("id(c)", "t", "a'; drop table x; --"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
