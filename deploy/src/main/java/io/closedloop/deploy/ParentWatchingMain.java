package io.closedloop.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;

/**
 * Entry point of every child JVM the launchers start (the Kafka broker, the services): it ends the child when
 * the JVM that started it is gone, even if that one died by {@code kill -9} and could not run its shutdown hooks.
 *
 * <p>Usage: {@code ParentWatchingMain <parentPid> <mainClass> [args...]}. A daemon thread polls
 * {@code ProcessHandle.of(parentPid).isAlive()} every second; once the parent is gone it calls
 * {@code System.exit(0)}, so the child's own shutdown hooks (Kafka's controlled shutdown, Spring's graceful
 * shutdown) still run, and halts the JVM if they take longer than {@value #HALT_AFTER_MS} ms. Then the real main
 * class runs on the calling thread.
 *
 * <p>This class is self-contained (JDK only, no nested classes): the launchers copy its class file into a
 * directory of its own and put only that directory in front of the child's classpath, so none of this module's
 * dependencies leak into the child.
 */
public final class ParentWatchingMain {

    static final long POLL_MS = 1_000;
    static final long HALT_AFTER_MS = 20_000;

    private ParentWatchingMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: ParentWatchingMain <parentPid> <mainClass> [args...]");
            System.exit(2);
        }
        long parentPid = Long.parseLong(args[0]);
        String mainClass = args[1];
        String[] rest = Arrays.copyOfRange(args, 2, args.length);
        watchParent(parentPid);
        run(mainClass, rest);
    }

    /** Starts the daemon thread that ends this JVM once {@code parentPid} is no longer alive. */
    static void watchParent(long parentPid) {
        Thread watcher = new Thread(() -> {
            Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
            while (parent.isPresent() && parent.get().isAlive()) {
                try {
                    Thread.sleep(POLL_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.err.println("[parent-watch] parent process " + parentPid + " is gone: shutting down");
            Thread halter = new Thread(() -> {
                try {
                    Thread.sleep(HALT_AFTER_MS);
                } catch (InterruptedException e) {
                    // fall through and halt
                }
                System.err.println("[parent-watch] shutdown took longer than " + HALT_AFTER_MS + " ms: halting");
                Runtime.getRuntime().halt(1);
            }, "parent-watch-halter");
            halter.setDaemon(true);
            halter.start();
            System.exit(0);
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    static void run(String mainClass, String[] args) throws Throwable {
        Method main = Class.forName(mainClass).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
