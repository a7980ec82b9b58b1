package io.closedloop.contract;

/**
 * The subject and text of a complaint as the customer wrote them, before intake masked the personal details in
 * them (a phone number, an identity card number, their name). Travels only sealed with the data subject's key
 * ({@link PersonalDataSeal#sealWords}), so an erasure reaches what the person wrote as well as their contact details.
 */
public record ComplaintWords(String subject, String text) {
}
