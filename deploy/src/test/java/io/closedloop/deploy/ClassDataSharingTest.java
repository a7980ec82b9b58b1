package io.closedloop.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
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

    /** The JVM refuses an archive if a class path jar's modification time changed: rewriting it each start would. */
    @Test
    void theLauncherClassesJarIsLeftUntouchedWhenItsClassesAreTheSame() throws IOException {
        Path jar = ClassDataSharing.classesJar(dir.resolve("launcher.jar"), KafkaBrokerMain.class,
                ParentWatchingMain.class);
        FileTime written = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(jar, written);

        ClassDataSharing.classesJar(dir.resolve("launcher.jar"), KafkaBrokerMain.class, ParentWatchingMain.class);

        assertThat(Files.getLastModifiedTime(jar)).isEqualTo(written);
        ClassDataSharing.classesJar(dir.resolve("launcher.jar"), KafkaBrokerMain.class);
        assertThat(Files.getLastModifiedTime(jar)).as("other classes: written again").isNotEqualTo(written);
    }

    @Test
    void anArchiveWrittenWithAnotherClassPathIsDroppedAndWrittenAgain() throws IOException {
        ClassDataSharing cds = new ClassDataSharing(dir.resolve("cds"), dir.resolve("parent-watch.jar"));
        Path kafkaJar = Files.writeString(dir.resolve("kafka.jar"), "classes");
        String classPath = kafkaJar.toString();

        assertThat(cds.optionsFor("kafka-broker", classPath)).singleElement().asString()
                .startsWith("-XX:ArchiveClassesAtExit=");
        Files.writeString(dir.resolve("cds/kafka-broker/kafka-broker.jsa.writing"), "archive");
        cds.archiveWritten("kafka-broker", 0);
        assertThat(cds.optionsFor("kafka-broker", classPath)).singleElement().asString()
                .startsWith("-XX:SharedArchiveFile=");

        // the same path, but the jar changed (a rebuild): the JVM would refuse the archive
        Files.setLastModifiedTime(kafkaJar, FileTime.fromMillis(Files.getLastModifiedTime(kafkaJar).toMillis() + 1000));
        assertThat(cds.optionsFor("kafka-broker", classPath)).singleElement().asString()
                .startsWith("-XX:ArchiveClassesAtExit=");
        assertThat(cds.hasArchive("kafka-broker")).isFalse();
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
