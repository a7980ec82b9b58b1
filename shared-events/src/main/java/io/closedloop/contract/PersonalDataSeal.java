package io.closedloop.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.closedloop.contract.json.ContractJson;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Seals and opens {@link SealedPersonalData} with the JDK's AES-GCM (authenticated encryption: a changed byte is
 * refused, not decrypted to garbage). The scheme is written down here, next to the contract, because every reader
 * of the stream must agree on it; the keys live only in intake's key store.
 */
public final class PersonalDataSeal {

    public static final String ALGORITHM = "AES-256-GCM";
    public static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PersonalDataSeal() {
    }

    /** A new random data key for one data subject. */
    public static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    public static SealedPersonalData seal(Complainant complainant, String subjectId, String complaintId, byte[] key) {
        return sealValue(complainant, subjectId, complaintId, complaintId, key);
    }

    /**
     * The customer's own words, sealed like the complainant but bound to a different associated data, so that the
     * one cannot be passed off as the other.
     */
    public static SealedPersonalData sealWords(ComplaintWords words, String subjectId, String complaintId, byte[] key) {
        return sealValue(words, subjectId, complaintId, wordsData(complaintId), key);
    }

    /** @throws IllegalArgumentException as {@link #open} */
    public static ComplaintWords openWords(SealedPersonalData sealed, String complaintId, byte[] key) {
        return openValue(sealed, wordsData(complaintId), key, ComplaintWords.class);
    }

    private static String wordsData(String complaintId) {
        return complaintId + "#words";
    }

    private static SealedPersonalData sealValue(Object value, String subjectId, String complaintId,
                                                String associatedData, byte[] key) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce, associatedData);
            byte[] sealed = cipher.doFinal(ContractJson.mapper().writeValueAsBytes(value));
            byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
            return new SealedPersonalData(subjectId, ALGORITHM, Base64.getEncoder().encodeToString(out));
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException("could not seal personal data of complaint " + complaintId, e);
        }
    }

    /**
     * The complainant sealed in {@code sealed}.
     *
     * @throws IllegalArgumentException if it was not sealed with this key for this complaint, or was changed
     */
    public static Complainant open(SealedPersonalData sealed, String complaintId, byte[] key) {
        return openValue(sealed, complaintId, key, Complainant.class);
    }

    private static <T> T openValue(SealedPersonalData sealed, String associatedData, byte[] key, Class<T> type) {
        if (!ALGORITHM.equals(sealed.algorithm())) {
            throw new IllegalArgumentException("unknown sealing algorithm " + sealed.algorithm());
        }
        try {
            byte[] in = Base64.getDecoder().decode(sealed.ciphertext());
            if (in.length <= NONCE_BYTES) {
                throw new IllegalArgumentException("sealed personal data is too short");
            }
            byte[] nonce = new byte[NONCE_BYTES];
            System.arraycopy(in, 0, nonce, 0, NONCE_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, nonce, associatedData);
            byte[] json = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return ContractJson.mapper().readValue(json, type);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("sealed personal data does not match its key and complaint", e);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("sealed personal data cannot be opened", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, String associatedData)
            throws GeneralSecurityException {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a data key has " + KEY_BYTES + " bytes");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
