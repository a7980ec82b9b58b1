package io.closedloop.intake.privacy;

import io.closedloop.contract.PersonalDataSeal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MasterKeysTest {

    @TempDir
    Path dir;

    @Test
    void aDataKeyIsStoredWrappedByTheActiveKeyAndUnwrapsForItsSubjectOnly() {
        MasterKeys keys = TestMasterKeys.keyring();
        byte[] dataKey = PersonalDataSeal.newKey();

        MasterKeys.Wrapped wrapped = keys.wrap("subject-a", dataKey);

        assertThat(wrapped.masterKeyId()).isEqualTo(TestMasterKeys.ACTIVE);
        assertThat(indexOf(wrapped.bytes(), dataKey)).as("the key itself is not in what is stored").isEqualTo(-1);
        assertThat(keys.unwrap("subject-a", wrapped.masterKeyId(), wrapped.bytes())).isEqualTo(dataKey);
        assertThatThrownBy(() -> keys.unwrap("subject-b", wrapped.masterKeyId(), wrapped.bytes()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not wrapped for it");
        byte[] changed = wrapped.bytes().clone();
        changed[changed.length - 1] ^= 1;
        assertThatThrownBy(() -> keys.unwrap("subject-a", wrapped.masterKeyId(), changed))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aKeyWrappedBeforeARotationStillUnwrapsWhileItsMasterKeyIsInTheKeyring() {
        byte[] dataKey = PersonalDataSeal.newKey();
        MasterKeys.Wrapped old = TestMasterKeys.beforeRotation().wrap("subject-a", dataKey);

        assertThat(old.masterKeyId()).isEqualTo(TestMasterKeys.OLDER);
        assertThat(TestMasterKeys.keyring().unwrap("subject-a", TestMasterKeys.OLDER, old.bytes())).isEqualTo(dataKey);
    }

    @Test
    void aKeyWrappedByAMasterKeyNoLongerInTheKeyringIsAClearFailureNamingIt() throws IOException {
        MasterKeys.Wrapped old = TestMasterKeys.beforeRotation().wrap("subject-a", PersonalDataSeal.newKey());
        MasterKeys onlyNew = MasterKeys.read(keyring(newKeyLine("k2")), "");

        assertThatThrownBy(() -> onlyNew.unwrap("subject-a", old.masterKeyId(), old.bytes()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("master key test-2025").hasMessageContaining("[k2]");
    }

    @Test
    void aKeyStoredBeforeMasterKeysExistedIsReadAsItIs() {
        byte[] plain = PersonalDataSeal.newKey();

        assertThat(TestMasterKeys.keyring().unwrap("subject-a", null, plain)).isSameAs(plain);
    }

    @Test
    void theActiveKeyIsTheLastUnlessNamed() throws IOException {
        Path file = keyring("# rotated on 2026-11-24", newKeyLine("k1"), "", newKeyLine("k2"));

        assertThat(MasterKeys.read(file, "").activeId()).isEqualTo("k2");
        assertThat(MasterKeys.read(file, " k1 ").activeId()).isEqualTo("k1");
        assertThat(MasterKeys.read(file, "").ids()).containsExactly("k1", "k2");
        assertThatThrownBy(() -> MasterKeys.read(file, "k3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k3 is not in the keyring");
    }

    @Test
    void aFileThatIsNotAKeyringIsRefusedNamingTheLineAndTheReason() throws IOException {
        String good = newKeyLine("k1");
        assertThatThrownBy(() -> MasterKeys.read(keyring(good, "k2"), ""))
                .hasMessageContaining("line 2").hasMessageContaining("no '='");
        assertThatThrownBy(() -> MasterKeys.read(keyring("key one=" + good.substring(3)), ""))
                .hasMessageContaining("line 1").hasMessageContaining("id is 1 to 64");
        assertThatThrownBy(() -> MasterKeys.read(keyring("k1=not*base64"), ""))
                .hasMessageContaining("line 1").hasMessageContaining("not base64");
        assertThatThrownBy(() -> MasterKeys.read(keyring("k1=c2hvcnQ="), ""))
                .hasMessageContaining("has 5 bytes, not 32").hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> MasterKeys.read(keyring(good, good), ""))
                .hasMessageContaining("line 2").hasMessageContaining("twice");
        assertThatThrownBy(() -> MasterKeys.read(keyring("# nothing yet"), ""))
                .hasMessageContaining("holds no master key");
        assertThatThrownBy(() -> MasterKeys.read(dir.resolve("missing"), ""))
                .hasMessageContaining("cannot read");
    }

    @Test
    void intakeDoesNotStartWithoutAKeyringAndSaysHowToMakeOne() {
        assertThatThrownBy(() -> new PersonalDataProperties("", "", 500).masterKeys())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("master-keys-file is not set").hasMessageContaining("openssl rand -base64 32");
    }

    private static String newKeyLine(String id) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return id + "=" + Base64.getEncoder().encodeToString(key);
    }

    private Path keyring(String... lines) throws IOException {
        return Files.write(Files.createTempFile(dir, "keys", ".txt"), Arrays.asList(lines));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
