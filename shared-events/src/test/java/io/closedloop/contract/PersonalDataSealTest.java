package io.closedloop.contract;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersonalDataSealTest {

    private static final String COMPLAINT = "cmp-1";

    @Test
    void opensWhatItSealedWithTheSameKeyForTheSameComplaint() {
        byte[] key = PersonalDataSeal.newKey();
        Complainant complainant = new Complainant("张三", "13812345678", "zhang.san@example.cn", "C-1");

        SealedPersonalData sealed = PersonalDataSeal.seal(complainant, "subject-1", COMPLAINT, key);

        assertThat(sealed.subjectId()).isEqualTo("subject-1");
        assertThat(sealed.algorithm()).isEqualTo("AES-256-GCM");
        assertThat(new String(Base64.getDecoder().decode(sealed.ciphertext()), java.nio.charset.StandardCharsets.UTF_8))
                .doesNotContain("13812345678").doesNotContain("zhang.san");
        assertThat(PersonalDataSeal.open(sealed, COMPLAINT, key)).isEqualTo(complainant);
    }

    @Test
    void theSameDataSealedTwiceLooksDifferent() {
        byte[] key = PersonalDataSeal.newKey();
        Complainant complainant = new Complainant("张三", "13812345678", null, null);

        assertThat(PersonalDataSeal.seal(complainant, "s", COMPLAINT, key).ciphertext())
                .isNotEqualTo(PersonalDataSeal.seal(complainant, "s", COMPLAINT, key).ciphertext());
    }

    @Test
    void anotherKeyAnotherComplaintOrAChangedByteCannotOpenIt() {
        byte[] key = PersonalDataSeal.newKey();
        SealedPersonalData sealed = PersonalDataSeal.seal(new Complainant("张三", "13812345678", null, null),
                "s", COMPLAINT, key);
        byte[] changed = Base64.getDecoder().decode(sealed.ciphertext());
        changed[changed.length - 1] ^= 1;

        assertThatThrownBy(() -> PersonalDataSeal.open(sealed, COMPLAINT, PersonalDataSeal.newKey()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PersonalDataSeal.open(sealed, "cmp-2", key))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PersonalDataSeal.open(new SealedPersonalData("s", sealed.algorithm(),
                Base64.getEncoder().encodeToString(changed)), COMPLAINT, key))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PersonalDataSeal.open(new SealedPersonalData("s", "ROT13", sealed.ciphertext()),
                COMPLAINT, key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theWordsAsWrittenOpenOnlyAsWordsOfTheirComplaint() {
        byte[] key = PersonalDataSeal.newKey();
        ComplaintWords words = new ComplaintWords("退款", "我是张三，电话13812345678");

        SealedPersonalData sealed = PersonalDataSeal.sealWords(words, "s", COMPLAINT, key);

        assertThat(PersonalDataSeal.openWords(sealed, COMPLAINT, key)).isEqualTo(words);
        // bound to "<complaint>#words": it cannot be passed off as the complainant, nor moved to another complaint
        assertThatThrownBy(() -> PersonalDataSeal.open(sealed, COMPLAINT, key))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PersonalDataSeal.openWords(sealed, "cmp-2", key))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PersonalDataSeal.openWords(
                PersonalDataSeal.seal(new Complainant("张三", null, null, "C-1"), "s", COMPLAINT, key), COMPLAINT, key))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSampleEventsSealedComplainantOpensWithTheSampleKey() {
        assertThat(PersonalDataSeal.open(ContractSamples.sealedComplainant(), ContractSamples.COMPLAINT_ID,
                ContractSamples.sampleDataKey())).isEqualTo(ContractSamples.complainant());
    }
}
