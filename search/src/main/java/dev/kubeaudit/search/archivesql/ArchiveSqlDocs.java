package dev.kubeaudit.search.archivesql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Generates the engine pages of {@code docs/archive-sql/} (everything there but {@code README.md})
 * from the column list. Run from the repository root after compiling the search module:
 * {@value #COMMAND}. A test checks that the checked-in pages equal {@link #pages()}. Stateless.
 */
public final class ArchiveSqlDocs {
    public static final String COMMAND = "mvn -B -o -q -pl search -am compile && java -cp search/target/classes "
            + "dev.kubeaudit.search.archivesql.ArchiveSqlDocs docs/archive-sql";

    private ArchiveSqlDocs() {
    }

    /** File name → content of every generated page, in a fixed order. */
    public static Map<String, String> pages() {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put(AthenaRecipe.FILE, AthenaRecipe.page());
        pages.put(TrinoRecipe.FILE, TrinoRecipe.page());
        pages.put(SparkRecipe.FILE, SparkRecipe.page());
        pages.put(DuckDbRecipe.FILE, DuckDbRecipe.page());
        return pages;
    }

    /** Writes {@link #pages()} into {@code dir} (default {@code docs/archive-sql}), each only if it changed. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "docs/archive-sql");
        if (!Files.isDirectory(dir)) {
            throw new IOException("Generating archive SQL pages into " + dir + " failed: no such folder");
        }
        for (Map.Entry<String, String> page : pages().entrySet()) {
            Path file = dir.resolve(page.getKey());
            byte[] bytes = page.getValue().getBytes(StandardCharsets.UTF_8);
            try {
                if (!Files.exists(file) || !Arrays.equals(Files.readAllBytes(file), bytes)) {
                    Files.write(file, bytes);
                    System.out.println("wrote " + file);
                }
            } catch (IOException e) {
                throw new IOException("Writing " + file + " failed", e);
            }
        }
    }
}
