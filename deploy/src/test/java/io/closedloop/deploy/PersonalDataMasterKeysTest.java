package io.closedloop.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PersonalDataMasterKeysTest {

    @Test
    void theFirstStartMakesAKeyringOnlyItsOwnerReadsAndLaterStartsKeepIt(@TempDir Path dataDir) throws Exception {
        Path file = PersonalDataMasterKeys.ensure(dataDir);

        List<String> keys = Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).toList();
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0)).startsWith("local-1=");
        assertThat(Base64.getDecoder().decode(keys.get(0).substring("local-1=".length()))).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        String before = Files.readString(file);
        assertThat(PersonalDataMasterKeys.ensure(dataDir)).isEqualTo(file);
        assertThat(Files.readString(file)).as("a second start must not replace the keys").isEqualTo(before);
        assertThat(PersonalDataMasterKeys.ensure(Files.createDirectory(dataDir.resolve("other"))))
                .content().isNotEqualTo(before);
    }
}
