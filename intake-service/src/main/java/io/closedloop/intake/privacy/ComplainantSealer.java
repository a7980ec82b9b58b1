package io.closedloop.intake.privacy;

import io.closedloop.contract.Complainant;
import io.closedloop.contract.ComplaintWords;
import io.closedloop.contract.SealedPersonalData;

/**
 * Seals a new complaint's personal data with the key of its data subject ({@link PersonalDataKeys}): the
 * complainant, and the customer's own words when intake masked personal details in them.
 */
@FunctionalInterface
public interface ComplainantSealer {

    /**
     * @param complainant the person, or null if there is none (intake's channels require one)
     * @param words       the subject and text as written, or null if nothing in them was masked
     */
    Sealed seal(String complaintId, Complainant complainant, ComplaintWords words);

    /** Either may be null: nothing of that to seal. */
    record Sealed(SealedPersonalData complainant, SealedPersonalData words) {
    }
}
