package dev.kubeaudit.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import dev.kubeaudit.agent.testing.StandardStreams;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;

class LogSetupTest {
    private final LoggerContext context = new LoggerContext();

    @RegisterExtension
    final StandardStreams streams = new StandardStreams();

    LogSetupTest() {
        context.setMDCAdapter(new LogbackMDCAdapter());
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void aComponentsLevelTakesEffectOverTheRoot() {
        LogSetup.apply(context, false, Map.of("root", "warn", "ingest", "debug"), false);
        context.getLogger("dev.kubeaudit.agent.ingest.WebhookHandler").debug("ingest debug");
        context.getLogger("dev.kubeaudit.agent.ship.Uploads").info("ship info");
        context.getLogger("dev.kubeaudit.agent.ship.Uploads").warn("ship warn");
        assertThat(streams.err().lines()).hasSize(2).satisfiesExactly(
                l -> assertThat(l).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z DEBUG ingest: ingest debug"),
                l -> assertThat(l).endsWith(" WARN  ship: ship warn"));
    }

    @Test
    void librariesThatSayTooMuchLogWarningsUnlessNamed() {
        LogSetup.apply(context, false, Map.of(), false);
        assertThat(context.getLogger("net.openhft.chronicle.queue.X").isInfoEnabled()).isFalse();
        assertThat(context.getLogger("software.amazon.awssdk.X").isInfoEnabled()).isFalse();
        assertThat(context.getLogger("io.netty.X").isInfoEnabled()).isTrue();
        LogSetup.apply(context, false, Map.of("net.openhft", "debug"), false);
        assertThat(context.getLogger("net.openhft.chronicle.queue.X").isDebugEnabled()).isTrue();
    }

    @Test
    void applyingAgainUndoesTheLevelsItSetAndKeepsOthers() {
        context.getLogger("org.gaul").setLevel(Level.WARN);
        LogSetup.apply(context, false, Map.of("tls", "trace"), false);
        Logger tls = context.getLogger("dev.kubeaudit.agent.tls.WebhookSecurity");
        assertThat(tls.isTraceEnabled()).isTrue();
        LogSetup.apply(context, true, Map.of(), false);
        assertThat(tls.isTraceEnabled()).isFalse();
        assertThat(tls.isInfoEnabled()).isTrue();
        assertThat(context.getLogger("org.gaul").getLevel()).isEqualTo(Level.WARN);
        tls.info("once");
        assertThat(streams.err().lines()).as("one appender, JSON now").singleElement().asString().startsWith("{\"time\":");
    }

    @Test
    void underJournaldLinesCarryPriorities() {
        LogSetup.apply(context, false, Map.of(), true);
        context.getLogger("dev.kubeaudit.agent.Agent").info("ready");
        context.getLogger("dev.kubeaudit.agent.Agent").error("broken");
        assertThat(streams.err().lines()).containsExactly("<6>INFO  agent: ready", "<3>ERROR agent: broken");
    }

    @Test
    void anUnknownNameOrLevelIsRefused() {
        assertThatThrownBy(() -> LogSetup.apply(context, false, Map.of("ingset", "info"), false))
                .hasMessageStartingWith("logging.level.ingset: unknown name");
        assertThatThrownBy(() -> LogSetup.apply(context, false, Map.of("ingest", "loud"), false))
                .hasMessageStartingWith("logging.level.ingest: loud (expected:");
    }
}
