package dev.kubeaudit.agent.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.LayoutBase;

/**
 * Another layout's lines, each prefixed with the syslog priority journald reads from the start of a
 * line ({@code <3>} error, {@code <4>} warning, {@code <6>} info, {@code <7>} debug and trace), so that
 * {@code journalctl -p err} finds errors; a stack trace's lines get the priority of their message.
 * Thread-safe when the other layout is.
 */
final class JournaldLayout extends LayoutBase<ILoggingEvent> {
    private final Layout<ILoggingEvent> lines;

    JournaldLayout(Layout<ILoggingEvent> lines) {
        this.lines = lines;
    }

    /** The {@code <N>} prefix of {@code level}. */
    static String prefix(Level level) {
        return "<" + priority(level) + ">";
    }

    private static int priority(Level level) {
        if (level.isGreaterOrEqual(Level.ERROR)) {
            return 3;
        }
        if (level.isGreaterOrEqual(Level.WARN)) {
            return 4;
        }
        return level.isGreaterOrEqual(Level.INFO) ? 6 : 7;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        String prefix = prefix(event.getLevel());
        StringBuilder out = new StringBuilder();
        lines.doLayout(event).lines().forEach(line -> out.append(prefix).append(line).append('\n'));
        return out.toString();
    }
}
