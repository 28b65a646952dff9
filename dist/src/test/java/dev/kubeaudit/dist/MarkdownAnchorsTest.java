package dev.kubeaudit.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GitHub's heading anchors, as links into docs/runbooks.md and README.md use them. */
class MarkdownAnchorsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "KubeAuditAgentDown|kubeauditagentdown",
            "Running on a control-plane host|running-on-a-control-plane-host",
            "What `status` says (v2.0)!|what-status-says-v20",
            "See [Guarantees](#guarantees) first|see-guarantees-first",
            "Größe_und  Zeit|größe_und--zeit"})
    void slugIsLowerCasedWithPunctuationDroppedAndSpacesAsHyphens(String heading, String anchor) {
        assertThat(MarkdownAnchors.slug(heading)).isEqualTo(anchor);
    }

    @Test
    void repeatedHeadingsAreNumberedAndFencedLinesAreNoHeadings() {
        String markdown = "# Runbooks\n\n## Do\ntext\n```sh\n# not a heading\n```\n## Do ##\n   ### Do\n    # indented code\n";
        assertThat(MarkdownAnchors.of(markdown)).containsExactly("runbooks", "do", "do-1", "do-2");
    }

    @Test
    void theReadmesOwnLinksFindTheirHeadings() throws IOException {
        assertThat(MarkdownAnchors.of(Files.readString(Tools.ROOT.resolve("README.md"))))
                .contains("guarantees", "proving-the-archive", "running-on-a-control-plane-host", "operations");
    }
}
