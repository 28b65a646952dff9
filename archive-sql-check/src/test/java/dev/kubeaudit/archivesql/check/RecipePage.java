package dev.kubeaudit.archivesql.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checked-in page of {@code docs/archive-sql/} as a reader copies from it: its marked blocks
 * ({@code <!-- archive-sql: name -->} before a fence). Immutable.
 */
final class RecipePage {
    private static final Pattern BLOCK =
            Pattern.compile("<!-- archive-sql: ([^ ]+) -->\n```[a-z]*\n(.*?)\n```", Pattern.DOTALL);

    private final String name;
    private final Map<String, String> blocks = new LinkedHashMap<>();

    private RecipePage(String name, String text) {
        this.name = name;
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            assertThat(blocks.put(m.group(1), m.group(2))).as("block %s twice in %s", m.group(1), name).isNull();
        }
    }

    /** The page {@code docs/archive-sql/<file>} of this repository. */
    static RecipePage read(String file) throws IOException {
        Path path = TestData.dir().getParent().resolve("docs/archive-sql").resolve(file);
        return new RecipePage(file, Files.readString(path, StandardCharsets.UTF_8));
    }

    String block(String marker) {
        String block = blocks.get(marker);
        assertThat(block).as("block '%s' in docs/archive-sql/%s", marker, name).isNotNull();
        return block;
    }

    /** Question id → its SQL, in page order. */
    Map<String, String> questions() {
        Map<String, String> questions = new LinkedHashMap<>();
        blocks.forEach((marker, sql) -> {
            if (marker.startsWith("question:")) {
                questions.put(marker.substring("question:".length()), sql);
            }
        });
        return questions;
    }
}
