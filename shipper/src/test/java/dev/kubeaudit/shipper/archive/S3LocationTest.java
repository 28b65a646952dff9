package dev.kubeaudit.shipper.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.agent.archive.ArchiveOptions;
import dev.kubeaudit.agent.archive.Archives;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class S3LocationTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "s3://audit               | audit | ''        | s3://audit",
            "s3://audit/              | audit | ''        | s3://audit",
            "s3://audit/archive       | audit | archive/  | s3://audit/archive",
            "s3://audit//archive/a//  | audit | archive/a/ | s3://audit/archive/a"})
    void stripsThePrefixLikeTheShippersObjectKeys(String location, String bucket, String prefix, String described) {
        S3Location parsed = S3Location.parse(location);
        assertThat(parsed).isEqualTo(new S3Location(bucket, prefix));
        assertThat(parsed).hasToString(described);
        assertThat(parsed.s3Key("c1/a.log")).isEqualTo(prefix + "c1/a.log");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://", "s3:///archive", "file:/archive", "S3://audit"})
    void refusesALocationWithoutABucket(String location) {
        assertThatThrownBy(() -> S3Location.parse(location)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAListedKeyOutsideThePrefix() {
        assertThatThrownBy(() -> S3Location.parse("s3://audit/archive").key("other/c1/a.log"))
                .isInstanceOf(IOException.class).hasMessageContaining("'other/c1/a.log' outside its prefix");
    }

    @Test
    void theProviderFoundByLocationNamesTheLocationItRefuses() {
        assertThatThrownBy(() -> Archives.open("s3://", ArchiveOptions.DEFAULTS)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("Archive 's3://': bucket: ''");
    }
}
