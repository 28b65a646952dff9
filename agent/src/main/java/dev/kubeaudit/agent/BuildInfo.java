package dev.kubeaudit.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What this agent is: its version and the git commit it was built from (written into
 * {@code build.properties} by the build; {@value #UNKNOWN} when the build could not tell, as from a
 * source tarball without git), and the Java version it runs on. Immutable.
 */
public record BuildInfo(String version, String revision, String java) {
    public static final String UNKNOWN = "unknown";
    private static final String RESOURCE = "build.properties";

    /** This build's, read once from the class path. */
    public static BuildInfo current() {
        return Holder.CURRENT;
    }

    /** From the properties of {@code build.properties}; a value missing or left unfiltered counts as unknown. */
    static BuildInfo of(Properties properties, String java) {
        return new BuildInfo(value(properties, "version"), value(properties, "revision"), java);
    }

    private static String value(Properties properties, String key) {
        String value = properties.getProperty(key, "").trim();
        return value.isEmpty() || value.contains("${") ? UNKNOWN : value;
    }

    private static final class Holder {
        static final BuildInfo CURRENT = read();

        private static BuildInfo read() {
            Properties properties = new Properties();
            try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                // Unreadable from the agent's own jar: every value counts as unknown.
            }
            return of(properties, System.getProperty("java.version", UNKNOWN));
        }
    }
}
