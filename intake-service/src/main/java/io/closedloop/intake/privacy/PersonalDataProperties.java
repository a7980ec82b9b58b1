package io.closedloop.intake.privacy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * Where intake finds the master keys that wrap the data subjects' keys ({@link MasterKeys}).
 *
 * @param masterKeysFile  the keyring file, outside the database and its backups (a mounted Secret in Kubernetes, a
 *                        file of the data dir in the one-command platform); intake does not start without it
 * @param activeMasterKey the id of the key that wraps new data keys; blank: the file's last key
 * @param rewrapBatchSize how many data keys {@link MasterKeyRotation} re-wraps per transaction
 */
@ConfigurationProperties("closedloop.intake.personal-data")
public record PersonalDataProperties(@DefaultValue("") String masterKeysFile,
                                     @DefaultValue("") String activeMasterKey,
                                     @DefaultValue("500") int rewrapBatchSize) {

    MasterKeys masterKeys() {
        if (masterKeysFile == null || masterKeysFile.isBlank()) {
            throw new IllegalStateException("closedloop.intake.personal-data.master-keys-file is not set: intake seals "
                    + "every complainant with a key of their own and keeps those keys wrapped by a master key that "
                    + "must live outside the database. Create a keyring with one line id=base64 of 32 random bytes, "
                    + "e.g. echo \"k1=$(openssl rand -base64 32)\" > master.keys (deploy/README.md, \"Personal data "
                    + "master keys\"), and set CLOSEDLOOP_INTAKE_PERSONALDATA_MASTERKEYSFILE to its path");
        }
        if (rewrapBatchSize < 1) {
            throw new IllegalStateException("closedloop.intake.personal-data.rewrap-batch-size must be at least 1");
        }
        return MasterKeys.read(Path.of(masterKeysFile.strip()), activeMasterKey);
    }
}
