package dev.kubeaudit.agent.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * A log line as one JSON object (Jackson escapes it): {@code time} (ISO-8601 UTC), {@code level},
 * {@code component}, {@code logger}, {@code thread}, {@code message}, and {@code exception} (the
 * stack trace as one string) when one was logged. Thread-safe.
 */
final class JsonLayout extends LayoutBase<ILoggingEvent> {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    @Override
    public String doLayout(ILoggingEvent event) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", LineTime.format(event.getInstant()));
            g.writeStringField("level", event.getLevel().toString());
            g.writeStringField("component", LoggerNames.component(event.getLoggerName()));
            g.writeStringField("logger", event.getLoggerName());
            g.writeStringField("thread", event.getThreadName());
            g.writeStringField("message", event.getFormattedMessage());
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                g.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("JSON of a log line to a string failed", e);
        }
        return out.append('\n').toString();
    }
}
