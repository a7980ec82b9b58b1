package io.closedloop.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The one-command platform's keyring of personal data master keys (intake's {@code MasterKeys}): made once per data
 * dir, readable by its owner only, and kept with the data dir, since the data keys in PostgreSQL can be opened only
 * with it. A real deployment keeps its keyring apart from the database and its backups (deploy/README.md).
 */
final class PersonalDataMasterKeys {

    static final String FILE = "secrets/personal-data-master-keys";

    private PersonalDataMasterKeys() {
    }

    /** The keyring of {@code dataDir}, made with one new random key if it has none yet. */
    static Path ensure(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            return file;
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        List<String> lines = List.of(
                "# Closed Loop's personal data master keys for this data dir, made by deploy/run-local.sh.",
                "# intake-service wraps every data subject's key with the last line's key. Losing this file makes",
                "# every sealed complainant in this data dir unreadable. One line per key: id=base64 of 32 bytes.",
                "local-1=" + Base64.getEncoder().encodeToString(key));
        try {
            Files.createDirectories(file.getParent());
            Path fresh = Files.createFile(file.resolveSibling(file.getFileName() + ".new"));
            try {
                Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file keeps the data dir's access control
            }
            Files.write(fresh, lines, StandardCharsets.UTF_8);
            // moved into place whole: a launcher killed half way never leaves a keyring without its key
            Files.move(fresh, file);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException(e.getFile() + " is left from an interrupted start: remove it and start "
                    + "again", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the personal data master keys to " + file, e);
        }
        return file;
    }
}
