package dev.kubeaudit.agent.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * Logback's set-up when the first logger is asked for (found through {@code META-INF/services}, before
 * Logback would look for a logback.xml, which it then does not): {@link LogSetup} with the built-in
 * levels and text lines, until the command line applies the configuration's. Called by Logback once.
 */
public final class DefaultLogConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        LogSetup.apply(context, false, Map.of(), JournalStream.isStandardError());
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
