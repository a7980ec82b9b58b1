package io.closedloop.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

class ClassDataSharingTest {

    @TempDir
    Path dir;

    @Test
    void theParentWatchIsAJarOfItsOwnBecauseSharingRefusesADirectoryOnTheClassPath() throws IOException {
        Path jar = ClassDataSharing.parentWatchJar(dir.resolve("launcher/parent-watch.jar"));
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getEntry("io/closedloop/deploy/ParentWatchingMain.class")).isNotNull();
            assertThat(file.stream().count()).as("nothing of the launcher but that class (and the manifest)")
                    .isLessThanOrEqualTo(2);
        }
    }

    @Test
    void aJarThatIsNotASpringBootJarIsStartedAsItIs() throws IOException {
        Path plain = dir.resolve("plain.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "example.Main");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(plain), manifest)) {
            out.flush();
        }
        ClassDataSharing cds = new ClassDataSharing(dir.resolve("cds"), dir.resolve("parent-watch.jar"));

        assertThat(ClassDataSharing.isSpringBootJar(plain)).isFalse();
        assertThat(cds.prepare("example-service", plain, true)).isEmpty();
    }

    @Test
    void anArchiveIsKeptOnlyAfterACleanExitOfTheJvmThatWroteIt() throws IOException {
        ClassDataSharing cds = new ClassDataSharing(dir.resolve("cds"), dir.resolve("parent-watch.jar"));
        Path service = Files.createDirectories(dir.resolve("cds/intake-service"));

        Files.writeString(service.resolve("intake-service.jsa.writing"), "archive");
        cds.archiveWritten("intake-service", 137);     // killed: the dump may be cut short
        assertThat(cds.hasArchive("intake-service")).isFalse();
        assertThat(service.resolve("intake-service.jsa.writing")).doesNotExist();

        Files.writeString(service.resolve("intake-service.jsa.writing"), "archive");
        cds.archiveWritten("intake-service", 143);     // stopped by SIGTERM: shutdown ran, the dump completed
        assertThat(cds.hasArchive("intake-service")).isTrue();
        assertThat(service.resolve("intake-service.jsa.writing")).doesNotExist();
    }
}
