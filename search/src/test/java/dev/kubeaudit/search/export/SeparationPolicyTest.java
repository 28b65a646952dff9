package dev.kubeaudit.search.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An export's destination and its archive must not hold one another, whatever the spelling of either. */
class SeparationPolicyTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} to {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "s3://b/audit        | s3://b/audit            | is the archive",
        "s3://b/audit        | s3://b/audit/           | is the archive",
        "s3://b/audit/       | s3://b//audit//         | is the archive",
        "s3://b/audit        | s3://b/audit/parquet    | is inside the archive",
        "s3://b              | s3://b/parquet          | is inside the archive",
        "s3://b/audit        | s3://b                  | the archive s3://b/audit is inside",
        "s3://b/audit/x      | s3://b/audit            | the archive s3://b/audit/x is inside",
        "s3://b/audit        | s3://b/audit-parquet    | ok",
        "s3://b/audit        | s3://other/audit        | ok",
        "s3://b/audit        | file:/srv/b/audit       | ok",
        "file:/srv/audit     | file:/srv/audit         | is the archive",
        "file:/srv/audit     | /srv/audit/             | is the archive",
        "file:/srv/audit     | file:/srv/audit/../audit/parquet | is inside the archive",
        "/srv/audit          | file:/srv               | the archive /srv/audit is inside",
        "file:/srv/audit     | file:/srv/audit2        | ok",
        "file:/srv/audit     | file:/srv/parquet       | ok",
    })
    void refusesADestinationThatHoldsOrIsInsideTheArchive(String archive, String destination, String expected)
            throws IOException {
        Optional<String> refusal = SeparationPolicy.refusal(Place.of(archive), archive, Place.of(destination), destination);

        if (expected.equals("ok")) {
            assertThat(refusal).isEmpty();
        } else {
            assertThat(refusal).get(InstanceOfAssertFactories.STRING).contains(expected)
                    .contains(archive).contains(destination)
                    .endsWith("(expected: a folder or prefix outside the archive, which stays as shipped)");
        }
    }

    @Test
    void aFolderIsComparedThroughSymbolicLinks() throws IOException {
        Path archive = Files.createDirectories(dir.resolve("archive"));
        Path link = Files.createSymbolicLink(dir.resolve("alias"), archive);

        assertThat(SeparationPolicy.refusal(Place.of("file:" + archive), "A", Place.of(link + "/parquet/new"), "D"))
                .contains("--to D is inside the archive A (expected: a folder or prefix outside the archive, which stays"
                        + " as shipped)");
        assertThat(Place.of(link + "/parquet/new").text()).isEqualTo("file:" + archive.toRealPath() + "/parquet/new/");
    }

    @Test
    void otherSchemesAreNoPlace() {
        assertThatThrownBy(() -> Place.of("gs://bucket/x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'gs://bucket/x' (expected: file:DIR, DIR or s3://BUCKET[/PREFIX])");
        assertThatThrownBy(() -> Place.of("s3:///x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'s3:///x' (expected: s3://BUCKET[/PREFIX])");
        assertThatThrownBy(() -> Place.of("file:")).isInstanceOf(IllegalArgumentException.class);
    }
}
