package io.closedloop.contract;

/**
 * A complainant's personal data as it travels and is stored: encrypted with a key of its own data subject, so that
 * erasing that one key (crypto-shredding) makes it unreadable everywhere it was ever copied to - the event store,
 * every Kafka record, every consumer's table and every backup - while the rest of the complaint's stream stays
 * intact. Only intake holds the keys; everyone else sees the subject id, which is random and means nothing once the
 * key is gone.
 *
 * @param subjectId  the data subject (one person, however many complaints and contact details they have)
 * @param algorithm  how {@code ciphertext} was made, e.g. {@code AES-256-GCM}: a later scheme gets a new name
 * @param ciphertext Base64 of a 12-byte nonce followed by the AES-GCM output (ciphertext and 128-bit tag) of the
 *                   complainant as contract JSON, authenticated with the complaint id so it cannot be moved to
 *                   another complaint
 */
public record SealedPersonalData(String subjectId, String algorithm, String ciphertext) {
}
