package dev.kubeaudit.search.archivesql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeaudit.agent.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveSqlDocsTest {
    static final Path DOCS = TestData.dir().getParent().resolve("docs/archive-sql");

    @Test
    void theCheckedInPagesAreWhatTheGeneratorWrites() throws IOException {
        for (Map.Entry<String, String> page : ArchiveSqlDocs.pages().entrySet()) {
            Path file = DOCS.resolve(page.getKey());
            assertThat(file).as("docs/archive-sql/%s is missing; regenerate with: %s", page.getKey(), ArchiveSqlDocs.COMMAND)
                    .exists();
            assertThat(Files.readString(file, StandardCharsets.UTF_8))
                    .as("docs/archive-sql/%s differs from what the generator writes; regenerate with: %s",
                            page.getKey(), ArchiveSqlDocs.COMMAND)
                    .isEqualTo(page.getValue());
        }
    }

    @Test
    void theFolderHoldsOnlyTheGeneratedPagesAndTheReadme() throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(DOCS)) {
            files.forEach(f -> names.add(f.getFileName().toString()));
        }
        List<String> expected = new ArrayList<>(ArchiveSqlDocs.pages().keySet());
        expected.add("README.md");
        assertThat(names).as("stale pages are removed by hand; regenerate with: %s", ArchiveSqlDocs.COMMAND)
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theReadmeLinksEveryPageAndNamesTheCommand() throws IOException {
        String readme = Files.readString(DOCS.resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(ArchiveSqlDocs.pages().keySet()).allSatisfy(name -> assertThat(readme).contains("](" + name + ")"));
        assertThat(readme).contains(ArchiveSqlDocs.COMMAND);
    }

    @Test
    void aGeneratedRunWritesThePagesAndLeavesUnchangedOnesAlone(@TempDir Path dir)
            throws IOException {
        ArchiveSqlDocs.main(new String[] {dir.toString()});
        Path spark = dir.resolve(SparkRecipe.FILE);
        assertThat(spark).hasContent(SparkRecipe.page());
        Files.setLastModifiedTime(spark, FileTime.fromMillis(0));

        ArchiveSqlDocs.main(new String[] {dir.toString()});

        assertThat(Files.getLastModifiedTime(spark).toMillis()).isZero();
    }
}
