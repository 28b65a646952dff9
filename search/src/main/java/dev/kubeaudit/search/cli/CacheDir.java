package dev.kubeaudit.search.cli;

import java.nio.file.Path;
import java.util.Map;

/** Where copies of remote segments are kept by default: {@code $XDG_CACHE_HOME/kube-audit-agent/search}, else {@code ~/.cache/…}. Stateless. */
final class CacheDir {
    private CacheDir() {
    }

    /** From {@code env} and {@code home}; an XDG_CACHE_HOME that is empty or relative is ignored, as the XDG spec says. */
    static Path of(Map<String, String> env, String home) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : Path.of(home, ".cache");
        return base.resolve("kube-audit-agent").resolve("search");
    }
}
