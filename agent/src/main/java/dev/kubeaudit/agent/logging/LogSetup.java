package dev.kubeaudit.agent.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * Sets Logback up in code, never from a logback.xml: one appender on standard error with our layout
 * (text or JSON lines, each with its syslog priority when standard error is journald, see
 * {@link JournalStream}) and the levels of logging.level over the built-in ones. Applying again
 * replaces the appender and the levels an earlier apply set; levels set elsewhere stay. Thread-safe
 * (one apply at a time).
 */
public final class LogSetup {
    /** Levels before logging.level: root info; libraries that say too much at info, warn. */
    static final Map<String, String> BUILT_IN = Map.of(LoggerNames.ROOT, "info", "net.openhft", "warn",
            "software.amazon.awssdk", "warn", "org.apache.hc", "warn");
    private static final String APPENDER = "stderr";
    /** Loggers other than root whose level the last apply set; the next one resets them first. */
    private static final Set<String> LEVELS_SET = new HashSet<>();
    private static volatile boolean json;

    private LogSetup() {
    }

    /**
     * Sets up the log of this process.
     *
     * @param json   JSON lines instead of text
     * @param levels logging.level: root, a component or a logger name with dots ({@link LoggerNames}),
     *               each to trace, debug, info, warn, error or off; names it does not give keep the
     *               built-in levels
     * @throws IllegalArgumentException for a name or level it does not know (the configuration checks them first)
     */
    public static void apply(boolean json, Map<String, String> levels) {
        apply((LoggerContext) LoggerFactory.getILoggerFactory(), json, levels, JournalStream.isStandardError());
    }

    static synchronized void apply(LoggerContext context, boolean json, Map<String, String> levels, boolean journald) {
        Map<String, Level> resolved = resolve(levels);
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(appender(context, layout(json, journald)));
        for (String name : LEVELS_SET) {
            context.getLogger(name).setLevel(null);
        }
        LEVELS_SET.clear();
        LogSetup.json = json;
        resolved.forEach((name, level) -> {
            if (name.equals(LoggerNames.ROOT)) {
                root.setLevel(level);
            } else {
                context.getLogger(name).setLevel(level);
                LEVELS_SET.add(name);
            }
        });
    }

    /** Whether the last apply asked for JSON lines (a line meant for people goes through the log then). */
    public static boolean jsonLines() {
        return json;
    }

    /** The built-in levels with {@code levels} over them, by logger name. */
    private static Map<String, Level> resolve(Map<String, String> levels) {
        Map<String, String> all = new LinkedHashMap<>(BUILT_IN);
        all.putAll(levels);
        Map<String, Level> resolved = new LinkedHashMap<>();
        all.forEach((key, level) -> {
            String logger = LoggerNames.logger(key)
                    .orElseThrow(() -> new IllegalArgumentException("logging.level." + key + ": unknown name (expected: "
                            + LoggerNames.EXPECTED + ")"));
            Level parsed = Level.toLevel(level.toUpperCase(Locale.ROOT), null);
            if (parsed == null) {
                throw new IllegalArgumentException("logging.level." + key + ": " + level
                        + " (expected: trace, debug, info, warn, error or off)");
            }
            resolved.put(logger, parsed);
        });
        return resolved;
    }

    private static LayoutBase<ILoggingEvent> layout(boolean json, boolean journald) {
        LayoutBase<ILoggingEvent> lines = json ? new JsonLayout() : new TextLayout(!journald);
        return journald ? new JournaldLayout(lines) : lines;
    }

    private static ConsoleAppender<ILoggingEvent> appender(LoggerContext context, LayoutBase<ILoggingEvent> layout) {
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
