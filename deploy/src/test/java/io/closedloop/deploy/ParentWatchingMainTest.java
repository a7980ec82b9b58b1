package io.closedloop.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ParentWatchingMainTest {

    /** Main class of the watched child in this test: waits forever, so only its watcher can end it. */
    public static final class WaitsForever {
        public static void main(String[] args) throws InterruptedException {
            new CountDownLatch(1).await();
        }
    }

    @Test
    void childEndsOnceItsParentIsGone(@TempDir Path dir) throws Exception {
        Process parent = new ProcessBuilder("sleep", "600").start(); // stands in for the launcher JVM
        Path launcher = ClassDataSharing.parentWatchJar(dir.resolve("parent-watch.jar"));
        String testClasses = Path.of(WaitsForever.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process child = new ProcessBuilder(ChildProcesses.javaExecutable(), "-Xmx32m",
                "-cp", launcher + File.pathSeparator + testClasses,
                ParentWatchingMain.class.getName(), Long.toString(parent.pid()), WaitsForever.class.getName())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            assertThat(child.waitFor(1500, TimeUnit.MILLISECONDS)).as("child still running while the parent lives").isFalse();
            parent.destroyForcibly().waitFor();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).as("child ended after the parent died").isTrue();
            assertThat(child.exitValue()).isZero();
        } finally {
            child.destroyForcibly();
            parent.destroyForcibly();
        }
    }
}
