package dev.kubeaudit.agent.forward;

import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.config.KeyProblem;
import dev.kubeaudit.agent.lifecycle.FatalFailures;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Forwards journaled events to the destinations of {@code forward:}. Registered through
 * {@code META-INF/services/dev.kubeaudit.agent.forward.ForwardingProvider} by the forward module,
 * so that the agent module needs none of the destinations' client libraries; a build without it
 * refuses a non-empty {@code forward:} list.
 */
public interface ForwardingProvider {

    /** The first provider on the class path; empty in a build without the forward module. */
    static Optional<ForwardingProvider> onClassPath() {
        return ServiceLoader.load(ForwardingProvider.class).findFirst();
    }

    /**
     * What check-config reports for destination {@code index} of {@code forward:} beyond the file's
     * own rules: a kubeconfig that is not readable or not complete, Kafka properties the client
     * does not know. Keys are shown as {@code forward[index].…}.
     */
    List<KeyProblem> check(AgentConfig.Forward destination, int index);

    /**
     * The forwarding of {@code config.forward()}, its meters bound to {@code registry}, not yet
     * running: the journal opens with {@link Forwarding#journalListener()} and then {@link
     * Forwarding#start} starts one thread per destination. A thread that ends unexpectedly is
     * reported to {@code fatal}.
     */
    Forwarding create(AgentConfig config, Clock clock, MeterRegistry registry, FatalFailures fatal);
}
