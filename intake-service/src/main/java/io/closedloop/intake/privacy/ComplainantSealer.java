package io.closedloop.intake.privacy;

import io.closedloop.contract.Complainant;
import io.closedloop.contract.SealedPersonalData;

/** Seals a new complaint's complainant with the key of their data subject ({@link PersonalDataKeys}). */
@FunctionalInterface
public interface ComplainantSealer {

    SealedPersonalData seal(String complaintId, Complainant complainant);
}
