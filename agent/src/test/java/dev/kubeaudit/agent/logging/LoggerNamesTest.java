package dev.kubeaudit.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoggerNamesTest {
    @Test
    void theComponentsAreTheAgentsPackages() throws IOException {
        Path sources = Path.of("src/main/java/dev/kubeaudit/agent");
        List<String> packages;
        try (Stream<Path> dirs = Files.list(sources)) {
            packages = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(packages).isNotEmpty();
        assertThat(LoggerNames.PACKAGES).containsExactlyElementsOf(packages);
    }

    @ParameterizedTest
    @CsvSource({
            "root, root",
            "ingest, dev.kubeaudit.agent.ingest",
            "logging, dev.kubeaudit.agent.logging",
            "agent, dev.kubeaudit.agent",
            "shipper, dev.kubeaudit.shipper",
            "search, dev.kubeaudit.search",
            "io.netty, io.netty",
            "software.amazon.awssdk.request, software.amazon.awssdk.request",
            "dev.kubeaudit.agent.ingest.WebhookHandler, dev.kubeaudit.agent.ingest.WebhookHandler"})
    void aKeyNamesItsLogger(String key, String logger) {
        assertThat(LoggerNames.logger(key)).contains(logger);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"ingset", "Ingest", "ROOT", "netty", "io..netty", "io.netty.", "my logger.x", "''"})
    void anythingElseNamesNoLogger(String key) {
        assertThat(LoggerNames.logger(key)).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @CsvSource({
            "dev.kubeaudit.agent.ingest.WebhookHandler, ingest",
            "dev.kubeaudit.agent.ship.ShippingHandOff, ship",
            "dev.kubeaudit.agent.Agent, agent",
            "dev.kubeaudit.shipper.store.S3Multipart, shipper",
            "dev.kubeaudit.search.cli.SearchMain, search",
            "io.netty.util.ResourceLeakDetector, io.netty.util.ResourceLeakDetector",
            "ROOT, ROOT"})
    void aLineShowsItsComponent(String logger, String component) {
        assertThat(LoggerNames.component(logger)).isEqualTo(component);
    }
}
