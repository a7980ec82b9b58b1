package io.closedloop.feedback.cases;

import io.closedloop.contract.Complainant;
import io.closedloop.contract.event.ComplaintReceivedEvent;

import java.util.Optional;

/**
 * Who complained, as feedback needs it to write to them. Intake records complainants sealed with their own key and
 * is the only service holding the keys, so a sealed complainant is asked of intake (which records the read); one in
 * clear (recorded before sealing) is taken as it is.
 */
public interface ComplainantDirectory {

    /**
     * @return the complainant, or empty if there is none or the person was erased
     * @throws RuntimeException if intake cannot be asked now: the event is retried, as for any passing failure
     */
    Optional<Complainant> complainantOf(ComplaintReceivedEvent received);
}
