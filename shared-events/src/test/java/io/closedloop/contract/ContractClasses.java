package io.closedloop.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/** Finds the contract's classes on the test class path, so that an unregistered new type cannot go unnoticed. */
public final class ContractClasses {

    private ContractClasses() {
    }

    /** Every concrete class in {@code packageName} (not sub-packages) that implements {@code type}. */
    public static <T> List<Class<? extends T>> concreteImplementations(String packageName, Class<T> type) {
        // Where the contract's main classes are (target/classes), not the test classes of the same package.
        URL location = type.getProtectionDomain().getCodeSource().getLocation();
        Path folder;
        try {
            folder = Path.of(location.toURI()).resolve(packageName.replace('.', '/'));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (!Files.isDirectory(folder)) {
            fail("cannot list the classes of " + packageName + " in " + location + " (expected a class folder)");
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .map(name -> load(packageName + "." + name.substring(0, name.length() - ".class".length())))
                    .filter(c -> type.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers()))
                    .<Class<? extends T>>map(c -> c.asSubclass(type))
                    .sorted(Comparator.comparing(Class::getName))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
