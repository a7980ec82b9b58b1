package io.closedloop.intake.privacy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;

/** The keyring of intake's tests ({@code personal-data-master-keys.test}): test-2025, then test-2026, the active one. */
public final class TestMasterKeys {

    public static final String PROPERTY = "closedloop.intake.personal-data.master-keys-file";
    public static final String OLDER = "test-2025";
    public static final String ACTIVE = "test-2026";

    private TestMasterKeys() {
    }

    public static String file() {
        try {
            return Path.of(Objects.requireNonNull(TestMasterKeys.class.getResource("/personal-data-master-keys.test"),
                    "personal-data-master-keys.test on the test classpath").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static MasterKeys keyring() {
        return MasterKeys.read(Path.of(file()), "");
    }

    /** The same keyring with the older key active: what a data key wrapped before a rotation was wrapped with. */
    public static MasterKeys beforeRotation() {
        return MasterKeys.read(Path.of(file()), OLDER);
    }
}
