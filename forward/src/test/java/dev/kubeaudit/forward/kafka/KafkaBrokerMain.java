package dev.kubeaudit.forward.kafka;

import dev.kubeaudit.agent.testing.TestLogLevels;
import kafka.Kafka;
import kafka.tools.StorageTool;

/**
 * The child JVM of {@link KafkaBroker}: formats the log directory when it is new (keeps it when it
 * is not), then runs the broker until it is stopped. Arguments: the server properties file and the
 * cluster id. Logs warnings and errors only; ends when the test JVM that started it ends, so that a
 * crashed test leaves no broker behind.
 */
public final class KafkaBrokerMain {
    private KafkaBrokerMain() {
    }

    public static void main(String[] args) {
        TestLogLevels.set(org.slf4j.Logger.ROOT_LOGGER_NAME, "warn");
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(1)));
        String properties = args[0];
        String clusterId = args[1];
        int formatted = StorageTool.execute(
                new String[] {"format", "--ignore-formatted", "-t", clusterId, "-c", properties}, System.out);
        if (formatted != 0) {
            System.out.println("Formatting the log directory failed: exit code " + formatted);
            System.exit(formatted);
        }
        Kafka.main(new String[] {properties});
    }
}
