package dev.kubeaudit.agent.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;

/**
 * A log line as text: {@code 2026-05-01T10:00:00.123Z WARN  ship: message}, the time left out when
 * something else stamps each line (journald); a logged exception's stack trace on the lines after it.
 * Thread-safe.
 */
final class TextLayout extends LayoutBase<ILoggingEvent> {
    private final boolean withTime;

    TextLayout(boolean withTime) {
        this.withTime = withTime;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        if (withTime) {
            line.append(LineTime.format(event.getInstant())).append(' ');
        }
        String level = event.getLevel().toString();
        line.append(level).append(" ".repeat(Math.max(1, 6 - level.length())))
                .append(LoggerNames.component(event.getLoggerName())).append(": ")
                .append(event.getFormattedMessage()).append('\n');
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            ThrowableProxyUtil.asString(thrown).lines().forEach(l -> line.append(l).append('\n'));
        }
        return line.toString();
    }
}
