package io.closedloop.contract;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TrackingNumbersTest {

    @Test
    void aComplaintsNumberIsEightCrockfordCharactersAndACheckCharacterInGroupsPeopleCanReadOut() {
        String number = TrackingNumbers.forComplaint(UUID.randomUUID().toString());

        assertThat(number).matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]");
    }

    @Test
    void theSameComplaintAlwaysHasTheSameNumberWhateverTheCaseOfItsId() {
        String id = UUID.randomUUID().toString();

        assertThat(TrackingNumbers.forComplaint(id)).isEqualTo(TrackingNumbers.forComplaint(id.toUpperCase()));
    }

    @Test
    void differentComplaintsGetDifferentNumbers() {
        Set<String> numbers = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            numbers.add(TrackingNumbers.forComplaint(UUID.randomUUID().toString()));
        }
        // 40 bits: a collision among 10,000 would be a one-in-20,000 event
        assertThat(numbers).hasSize(10_000);
    }

    @Test
    void whatAPersonTypesIsReadWithAnyCaseSpacingAndTheLettersTheyConfuseForDigits() {
        String number = "0123-4567-" + TrackingNumbers.checkCharacter("01234567");

        assertThat(TrackingNumbers.parse(number.toLowerCase().replace("-", ""))).contains(number);
        assertThat(TrackingNumbers.parse(" o1 23 45 67 " + number.charAt(10))).contains(number);
        assertThat(TrackingNumbers.parse("OI23－4567－" + number.charAt(10))).contains(number);
        assertThat(TrackingNumbers.parse("Ol23 4567 " + number.charAt(10))).contains(number);
    }

    @Test
    void everyGivenNumberParsesBackToItself() {
        for (int i = 0; i < 1000; i++) {
            String number = TrackingNumbers.forComplaint(UUID.randomUUID().toString());
            assertThat(TrackingNumbers.parse(number)).contains(number);
        }
    }

    @Test
    void everySingleMistypedCharacterIsCaughtByTheCheckCharacter() {
        for (int n = 0; n < 200; n++) {
            String canonical = TrackingNumbers.forComplaint(UUID.randomUUID().toString()).replace("-", "");
            for (int position = 0; position < canonical.length(); position++) {
                for (char c : TrackingNumbers.ALPHABET.toCharArray()) {
                    if (c == canonical.charAt(position)) {
                        continue;
                    }
                    String typo = canonical.substring(0, position) + c + canonical.substring(position + 1);
                    assertThat(TrackingNumbers.parse(typo)).as(typo).isEmpty();
                }
            }
        }
    }

    @Test
    void mostSwappedNeighboursAreCaught() {
        int swaps = 0;
        int caught = 0;
        for (int n = 0; n < 2000; n++) {
            String canonical = TrackingNumbers.forComplaint(UUID.randomUUID().toString()).replace("-", "");
            for (int i = 0; i + 1 < canonical.length(); i++) {
                if (canonical.charAt(i) == canonical.charAt(i + 1)) {
                    continue;
                }
                String swapped = canonical.substring(0, i) + canonical.charAt(i + 1) + canonical.charAt(i)
                        + canonical.substring(i + 2);
                swaps++;
                if (TrackingNumbers.parse(swapped).isEmpty()) {
                    caught++;
                }
            }
        }
        assertThat((double) caught / swaps).isGreaterThan(0.95);
    }

    @Test
    void thingsThatAreNotTrackingNumbersAreRefused() {
        assertThat(TrackingNumbers.parse(null)).isEmpty();
        assertThat(TrackingNumbers.parse("")).isEmpty();
        assertThat(TrackingNumbers.parse("1234-5678")).isEmpty();
        assertThat(TrackingNumbers.parse("1234-5678-90")).isEmpty();
        assertThat(TrackingNumbers.parse("UUUU-UUUU-U")).isEmpty();
        assertThat(TrackingNumbers.parse("12345678*")).isEmpty();
    }
}
