package io.closedloop.intake.privacy;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The master keys (key-encryption keys) that wrap every data subject's key before it is written to
 * {@code personal_data_key}: envelope encryption, as a cloud KMS does it. A copy of intake's database alone (a dump,
 * a backup, a replica) then opens no sealed complainant; the master keys live outside the database, in a file the
 * deployment mounts (deploy/README.md, "Personal data master keys").
 * <p>
 * The file is a keyring, one {@code id=base64-of-32-bytes} per line ({@code #} starts a comment). New data keys are
 * wrapped with the active key (the last line unless named); the others still unwrap the keys wrapped with them until
 * {@link MasterKeyRotation} has re-wrapped those, after which an operator removes them. A backup of the key table taken
 * before that is then unreadable, erased subjects' keys included: that is how an erasure reaches old backups.
 * <p>
 * Written with the JDK's AES-GCM, like {@link io.closedloop.contract.PersonalDataSeal}, rather than a KMS client:
 * the platform must run without any cloud; a KMS plugs in here by wrapping and unwrapping through its API instead.
 */
public final class MasterKeys {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A data key as stored: wrapped, and the id of the master key that wrapped it. */
    public record Wrapped(String masterKeyId, byte[] bytes) {
    }

    private final Map<String, byte[]> keys;
    private final String activeId;

    MasterKeys(Map<String, byte[]> keys, String activeId) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the keyring holds no master key");
        }
        if (!keys.containsKey(activeId)) {
            throw new IllegalArgumentException("the active master key " + activeId + " is not in the keyring "
                    + keys.keySet());
        }
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        this.activeId = activeId;
    }

    /**
     * The keyring in {@code file}.
     *
     * @param active the id of the key that wraps new data keys; blank for the file's last key
     * @throws IllegalArgumentException naming the line, if the file is not a keyring
     */
    public static MasterKeys read(Path file, String active) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the personal data master keys in " + file, e);
        }
        Map<String, byte[]> keys = new LinkedHashMap<>();
        String last = null;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (n + 1);
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException(where + ": a master key is id=base64, with no '='");
            }
            String id = line.substring(0, equals).strip();
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException(where + ": a master key id is 1 to 64 of A-Z a-z 0-9 . _ -");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(line.substring(equals + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": key " + id + " is not base64", e);
            }
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException(where + ": key " + id + " has " + key.length + " bytes, not "
                        + KEY_BYTES + " (make one with: openssl rand -base64 32)");
            }
            if (keys.put(id, key) != null) {
                throw new IllegalArgumentException(where + ": key " + id + " is in the keyring twice");
            }
            last = id;
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no master key (a line id=base64 of 32 bytes)");
        }
        return new MasterKeys(keys, active == null || active.isBlank() ? last : active.strip());
    }

    public String activeId() {
        return activeId;
    }

    public Set<String> ids() {
        return keys.keySet();
    }

    /** The data key wrapped with the active master key, bound to its subject. */
    public Wrapped wrap(String subjectId, byte[] dataKey) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, keys.get(activeId), nonce, subjectId).doFinal(dataKey);
            return new Wrapped(activeId, ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed)
                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not wrap the data key of " + subjectId, e);
        }
    }

    /**
     * The data key of {@code subjectId} as stored. A key stored before master keys existed ({@code masterKeyId}
     * null) is returned as it is until {@link MasterKeyRotation} wraps it.
     *
     * @throws IllegalStateException if its master key is not in this keyring, or it was not wrapped for this subject
     */
    public byte[] unwrap(String subjectId, String masterKeyId, byte[] stored) {
        if (masterKeyId == null) {
            return stored;
        }
        byte[] master = keys.get(masterKeyId);
        if (master == null) {
            throw new IllegalStateException("the data key of " + subjectId + " is wrapped with master key "
                    + masterKeyId + ", which is not in this instance's keyring " + keys.keySet());
        }
        if (stored.length <= NONCE_BYTES) {
            throw new IllegalStateException("the data key of " + subjectId + " is too short to be wrapped");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        System.arraycopy(stored, 0, nonce, 0, NONCE_BYTES);
        try {
            return cipher(Cipher.DECRYPT_MODE, master, nonce, subjectId)
                    .doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("the data key of " + subjectId + " was not wrapped for it by master key "
                    + masterKeyId + " (a row copied from another subject, or changed)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not unwrap the data key of " + subjectId, e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, String subjectId)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        // the subject id as associated data: a wrapped key moved to another subject's row does not open
        cipher.updateAAD(("personal-data-key:" + subjectId).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
