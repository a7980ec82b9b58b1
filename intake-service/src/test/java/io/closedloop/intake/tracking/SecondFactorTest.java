package io.closedloop.intake.tracking;

import io.closedloop.contract.Complainant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecondFactorTest {

    private final Complainant liLei = new Complainant("李雷", "+86 138-1234 5678", "Li.Lei@Example.com", null);

    @Test
    void theLastFourDigitsOfThePhoneMatchHoweverThePhoneWasWritten() {
        assertThat(SecondFactor.matches(liLei, "5678")).isTrue();
        assertThat(SecondFactor.matches(liLei, " 56-78 ")).isTrue();
    }

    @Test
    void theEmailMatchesInAnyCase() {
        assertThat(SecondFactor.matches(liLei, "li.lei@example.COM ")).isTrue();
    }

    @Test
    void otherDigitsOtherEmailsAndPartsOfTheNumberDoNotMatch() {
        assertThat(SecondFactor.matches(liLei, "1234")).isFalse();
        assertThat(SecondFactor.matches(liLei, "45678")).isFalse();
        assertThat(SecondFactor.matches(liLei, "678")).isFalse();
        assertThat(SecondFactor.matches(liLei, "han.meimei@example.com")).isFalse();
        assertThat(SecondFactor.matches(liLei, "")).isFalse();
        assertThat(SecondFactor.matches(liLei, null)).isFalse();
    }

    @Test
    void aComplaintWithoutPhoneOrEmailCannotBeVerified() {
        Complainant socialAuthor = new Complainant("小明", null, null, "weibo:1404376560");

        assertThat(SecondFactor.matches(socialAuthor, "0560")).isFalse();
        assertThat(SecondFactor.matches(socialAuthor, "weibo:1404376560")).isFalse();
    }

    @Test
    void onlyFourDigitsOrAnEmailAreWellFormed() {
        assertThat(SecondFactor.isWellFormed("5678")).isTrue();
        assertThat(SecondFactor.isWellFormed("a@b.cn")).isTrue();
        assertThat(SecondFactor.isWellFormed("567")).isFalse();
        assertThat(SecondFactor.isWellFormed("13812345678")).isFalse();
        assertThat(SecondFactor.isWellFormed(" ")).isFalse();
    }
}
