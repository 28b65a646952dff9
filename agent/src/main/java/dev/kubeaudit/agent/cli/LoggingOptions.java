package dev.kubeaudit.agent.cli;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.logging.LogSetup;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * --log-format, --log-level and --debug of the long-running commands: how they log, over logging.*
 * of their configuration, and whether a failed start prints its stack trace. Not thread-safe: filled
 * by picocli, then read by the command's thread.
 */
final class LoggingOptions {
    @Option(names = "--log-format", paramLabel = "text|json", description = "Overrides logging.format: text lines"
            + " (with syslog priorities when standard error is journald) or one JSON object per line.")
    AgentConfig.Logging.Format format;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "Overrides logging.level.root: trace, debug,"
            + " info, warn, error or off.")
    AgentConfig.Logging.Level level;

    @Option(names = "--debug", description = "A failure to start prints its Java stack trace after its one line.")
    boolean debug;

    /** Sets the log up from {@code logging} with these options over it. */
    void apply(AgentConfig.Logging logging) {
        AgentConfig.Logging effective = logging;
        if (format != null) {
            effective = effective.withFormat(format);
        }
        if (level != null) {
            effective = effective.withLevel("root", level);
        }
        Map<String, String> levels = new LinkedHashMap<>();
        effective.levels().forEach((name, value) -> levels.put(name, value.name()));
        LogSetup.apply(effective.format() == AgentConfig.Logging.Format.JSON, levels);
    }
}
