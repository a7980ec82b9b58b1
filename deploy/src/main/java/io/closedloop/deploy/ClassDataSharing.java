package io.closedloop.deploy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Starts the services of the one-command platform with the JDK's application class-data sharing (AppCDS): the
 * classes a service loaded in an earlier run are mapped from an archive instead of being read, parsed and verified
 * again. Measured on the 2-core machine (docs/benchmarks.md): intake-service ready in 6.7 s instead of 14.0 s, with
 * 12 instead of 24 CPU seconds; start-up is almost all class loading and Spring's bean set-up, and five services
 * share two cores.
 * <p>
 * The JDK (17) cannot archive classes nested inside a Spring Boot jar, so each service jar is extracted once into
 * {@code <data-dir>/launcher/cds/<service>/app} (Spring Boot's own {@code -Djarmode=tools extract}: the application
 * jar and its {@code lib/}), and extracted again, with its archive dropped, when the jar changes. The first run of a
 * service writes its archive when the service stops ({@code -XX:ArchiveClassesAtExit}, into a temporary file that
 * becomes the archive only after a clean exit); later runs use it ({@code -XX:SharedArchiveFile}). A missing,
 * stale or unreadable archive only costs the speed-up: the JVM then loads classes as usual (its default,
 * {@code -Xshare:auto}). JDK 19's {@code -XX:+AutoCreateSharedArchive} does the same by itself; this is for 17.
 * The Kafka broker's JVM is started the same way ({@link #optionsFor}): 1.2 s to ready instead of 1.8 s alone.
 */
final class ClassDataSharing {

    /** A service started from its extracted jar, with the JVM options that read or write its archive. */
    record Launch(Path appJar, String mainClass, List<String> jvmOptions) {
    }

    /** 2000-01-01: any fixed time (the zip format cannot hold times before 1980). */
    private static final long FIXED_ENTRY_TIME = 946_684_800_000L;

    private final Path root;
    private final Path parentWatchJar;

    /**
     * @param root           where the extracted jars and the archives live ({@code <data-dir>/launcher/cds})
     * @param parentWatchJar {@link ParentWatchingMain} as a jar: class-data sharing refuses a class path that holds a
     *                       non-empty directory
     */
    ClassDataSharing(Path root, Path parentWatchJar) {
        this.root = root;
        this.parentWatchJar = parentWatchJar;
    }

    /** {@link ParentWatchingMain} packed alone into {@code jar}, to go in front of a service's class path. */
    static Path parentWatchJar(Path jar) {
        return classesJar(jar, ParentWatchingMain.class);
    }

    /**
     * The launcher's {@code classes} (top-level classes without nested ones) packed into {@code jar}: class-data
     * sharing refuses a class path that holds a non-empty directory.
     */
    static Path classesJar(Path jar, Class<?>... classes) {
        try {
            Files.createDirectories(jar.getParent());
            Path tmp = Files.createTempFile(jar.getParent(), "launcher-classes", ".tmp");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp))) {
                // entries stamped with a fixed time, so that the same classes make the same bytes (below)
                out.putNextEntry(entry(JarFile.MANIFEST_NAME));
                manifest().write(out);
                out.closeEntry();
                for (Class<?> type : classes) {
                    String name = type.getName().replace('.', '/') + ".class";
                    try (InputStream in = type.getClassLoader().getResourceAsStream(name)) {
                        if (in == null) {
                            throw new IllegalStateException("class file not found: " + name);
                        }
                        out.putNextEntry(entry(name));
                        in.transferTo(out);
                        out.closeEntry();
                    }
                }
            }
            if (Files.isRegularFile(jar) && Files.mismatch(tmp, jar) == -1) {
                // The same classes: keep the file as it is. An archive records the size and modification time of
                // every jar on its class path and is refused (silently, costing the whole speed-up) if one changed.
                Files.delete(tmp);
            } else {
                Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + jar, e);
        }
    }

    /**
     * The JVM options that map, or else archive, the classes of {@code name} started with {@code classPath} (jars
     * only), such as the Kafka broker's.
     */
    List<String> optionsFor(String name, String classPath) {
        return archiveOptions(name, classPath, true);
    }

    /**
     * Maps the archive if it was written with this very class path, or else (when {@code writeArchive}) writes a new
     * one at exit. The JVM records every class path jar's size and modification time in its archive and refuses the
     * archive, silently but for a warning in the log, if one of them changed; so the same is checked here, and an
     * archive that would be refused is dropped and written again instead of costing every later start its speed-up.
     */
    private List<String> archiveOptions(String name, String classPath, boolean writeArchive) {
        Path dir = root.resolve(name);
        Path stamp = dir.resolve("archived-class-path.txt");
        Path archive = archive(name);
        try {
            Files.createDirectories(dir);
            String current = classPathStamp(classPath);
            if (!Files.isRegularFile(stamp) || !Files.readString(stamp).equals(current)) {
                Files.deleteIfExists(archive);
                Files.writeString(stamp, current);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare class-data sharing for " + name + " in " + dir, e);
        }
        if (Files.isRegularFile(archive)) {
            return List.of("-XX:SharedArchiveFile=" + archive);
        }
        return writeArchive ? List.of("-XX:ArchiveClassesAtExit=" + pending(name)) : List.of();
    }

    /** Every entry of {@code classPath} with its size and modification time, one per line. */
    private static String classPathStamp(String classPath) throws IOException {
        StringBuilder stamp = new StringBuilder();
        for (String entry : classPath.split(java.util.regex.Pattern.quote(File.pathSeparator))) {
            Path path = Path.of(entry);
            stamp.append(entry);
            if (Files.isRegularFile(path)) {
                stamp.append(' ').append(Files.size(path)).append(' ')
                        .append(Files.getLastModifiedTime(path).toMillis());
            }
            stamp.append('\n');
        }
        return stamp.toString();
    }

    Path parentWatchJar() {
        return parentWatchJar;
    }

    /**
     * How to start {@code service} from {@code fatJar} with class-data sharing, or empty if this jar is not a Spring
     * Boot jar (then it is started as it is).
     *
     * @param writeArchive whether this instance writes the archive when it stops, if there is none yet (only one
     *                     instance of a service may: they would write the same file)
     */
    Optional<Launch> prepare(String service, Path fatJar, boolean writeArchive) {
        if (!isSpringBootJar(fatJar)) {
            return Optional.empty();
        }
        Path dir = root.resolve(service);
        Path app = dir.resolve("app");
        Path stamp = dir.resolve("extracted-from.txt");
        try {
            String source = fatJar.toAbsolutePath() + " " + Files.size(fatJar) + " "
                    + Files.getLastModifiedTime(fatJar).toMillis();
            if (!Files.isRegularFile(stamp) || !Files.readString(stamp).equals(source)) {
                // a new build: its classes differ from the archive's, so both go
                deleteRecursively(dir);
                Files.createDirectories(dir);
                extract(fatJar, app);
                Files.writeString(stamp, source);
            }
            Path appJar = app.resolve(fatJar.getFileName());
            String mainClass = mainClass(appJar);
            if (!Files.isRegularFile(appJar) || mainClass == null) {
                return Optional.empty();
            }
            List<String> options = archiveOptions(service, parentWatchJar + File.pathSeparator + appJar, writeArchive);
            return Optional.of(new Launch(appJar, mainClass, options));
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare class-data sharing for " + service + " in " + dir, e);
        }
    }

    /** Once the instance that wrote {@code service}'s archive has exited cleanly, the archive is used from then on. */
    void archiveWritten(String service, int exitCode) {
        Path pending = pending(service);
        try {
            // 0: stopped by the launcher's parent watch; 143: SIGTERM. Anything else may have cut the dump short.
            if (Files.isRegularFile(pending) && (exitCode == 0 || exitCode == 143) && Files.size(pending) > 0) {
                Files.move(pending, archive(service), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.deleteIfExists(pending);
            }
        } catch (IOException e) {
            System.err.println("WARNING: class-data sharing archive of " + service + " not kept: " + e);
        }
    }

    /** Whether {@code service} has an archive from an earlier run. */
    boolean hasArchive(String service) {
        return Files.isRegularFile(archive(service));
    }

    private Path archive(String service) {
        return root.resolve(service).resolve(service + ".jsa");
    }

    private Path pending(String service) {
        return root.resolve(service).resolve(service + ".jsa.writing");
    }

    static boolean isSpringBootJar(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return manifest != null && manifest.getMainAttributes().getValue("Spring-Boot-Version") != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static String mainClass(Path jar) throws IOException {
        if (!Files.isRegularFile(jar)) {
            return null;
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
        }
    }

    /** Spring Boot's extraction: {@code app/<jar>} with a {@code Class-Path} of {@code app/lib/*.jar}. */
    private static void extract(Path fatJar, Path destination) throws IOException {
        Path log = destination.resolveSibling("extract.log");
        Process process = new ProcessBuilder(ChildProcesses.javaExecutable(), "-Djarmode=tools", "-jar",
                fatJar.toString(), "extract", "--destination", destination.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("extracting " + fatJar + " took more than 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while extracting " + fatJar, e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("extracting " + fatJar + " failed (exit " + process.exitValue() + "): "
                    + Files.readString(log));
        }
    }

    private static JarEntry entry(String name) {
        JarEntry entry = new JarEntry(name);
        entry.setTime(FIXED_ENTRY_TIME);
        return entry;
    }

    private static Manifest manifest() {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        return manifest;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
