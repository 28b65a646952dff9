package dev.kubeaudit.agent.cli;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;

/**
 * Runs {@code search} and {@code export} from audit-search.jar, which sits beside audit-agent.jar
 * (in the tarball's and the package's {@code lib/}, in {@code agent/target/} of a build): DuckDB
 * makes it large, so the agent's own runtime does not carry it. Without it the command says how to
 * get it and exits 2. Stateless.
 */
final class SearchJar {
    static final String FILE_NAME = "audit-search.jar";
    static final String MAIN = "dev.kubeaudit.search.cli.SearchMain";

    private SearchJar() {
    }

    /** Runs {@code args} (the first is {@code search} or {@code export}) and returns the exit status. */
    static int run(String[] args) {
        Optional<Path> jar = find();
        if (jar.isEmpty()) {
            System.err.println(missing());
            return 2;
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.get().toUri().toURL()},
                SearchJar.class.getClassLoader())) {
            Method execute = Class.forName(MAIN, true, loader).getMethod("execute", String[].class);
            return (Integer) execute.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            System.err.println(args[0] + " failed: " + e.getCause());
            return 1;
        } catch (ReflectiveOperationException | IOException | ClassCastException e) {
            System.err.println(jar.get() + " is not a usable " + FILE_NAME + " (" + e + "); reinstall kube-audit-agent");
            return 2;
        }
    }

    /** audit-search.jar in the folder audit-agent.jar runs from, if it is there. */
    static Optional<Path> find() {
        return agentFolder().map(dir -> dir.resolve(FILE_NAME)).filter(Files::isRegularFile);
    }

    private static Optional<Path> agentFolder() {
        CodeSource source = SearchJar.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            return Optional.ofNullable(Files.isDirectory(location) ? location : location.getParent());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String missing() {
        String where = agentFolder().map(dir -> dir.resolve(FILE_NAME).toString()).orElse(FILE_NAME + " beside audit-agent.jar");
        return "search and export need " + FILE_NAME + " (embedded DuckDB), which is not installed: expected " + where
                + ". It is part of the kube-audit-agent tarball, .deb and RPM (lib/" + FILE_NAME + "); from a source checkout,"
                + " `mvn -B package -DskipTests` writes it to agent/target/" + FILE_NAME + ".";
    }
}
