package dev.kubeaudit.search.files;

import dev.kubeaudit.agent.archive.ArchiveObject;
import dev.kubeaudit.agent.integrity.Digests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the files of a cache folder; the one place that does. An object is identified by its
 * archive ({@code describe()}), key, size and last change from the listing, so a replaced object
 * never reuses an old copy. Layout:
 * <pre>
 * lock                                the searches' lock (see {@link CacheLock})
 * objects/ab/cdef…/&lt;name&gt;            the copy: ab cdef… = SHA-256 of the identity, 64 hex digits
 * objects/ab/cdef…/.sha256            the copy's SHA-256 as downloaded (hex); its mtime is its last use
 * objects/ab/cdef…/.tmp-&lt;uuid&gt;        a download under way, or left by a crashed search
 * </pre>
 * {@code <name>} is the key's last name when it is plain ({@code [A-Za-z0-9_][A-Za-z0-9._-]*}, at
 * most 128 characters), else {@code object} followed by the key's last one or two plain extensions:
 * it ends like the key ({@code .gz}, {@code .zst}, none), as DuckDB takes the compression from it.
 * Key characters never reach a folder name, so no key leads outside the cache. Names of ours start
 * with '.', which a copy's name never does. Pure; thread-safe.
 */
final class CacheLayout {
    static final String LOCK = "lock";
    static final String OBJECTS = "objects";
    static final String SIDECAR = ".sha256";
    static final String TEMP_PREFIX = ".tmp-";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    private static final Pattern EXTENSIONS = Pattern.compile("(\\.[A-Za-z0-9]{1,16}){1,2}$");

    private CacheLayout() {
    }

    /** The folder of {@code object} of archive {@code archive}, relative to the cache folder. */
    static Path entry(String archive, ArchiveObject object) {
        String hex = Digests.hex(Digests.sha256(identity(archive, object).getBytes(StandardCharsets.UTF_8)));
        return Path.of(OBJECTS, hex.substring(0, 2), hex.substring(2));
    }

    /** Each part prefixed by its length, so that no two identities run together alike. */
    private static String identity(String archive, ArchiveObject object) {
        StringBuilder s = new StringBuilder();
        for (String part : new String[] {archive, object.key(), Long.toString(object.size()),
                object.lastModified().toString()}) {
            s.append(part.length()).append(':').append(part);
        }
        return s.toString();
    }

    /** The name of the copy of the object at {@code key}. */
    static String fileName(String key) {
        String last = key.substring(key.lastIndexOf('/') + 1);
        if (PLAIN.matcher(last).matches()) {
            return last;
        }
        Matcher extensions = EXTENSIONS.matcher(last);
        return extensions.find() ? "object" + extensions.group() : "object";
    }

    /** True for the name of a copy (not a sidecar, a temporary file or anything else of ours). */
    static boolean isCopy(String name) {
        return !name.startsWith(".");
    }
}
