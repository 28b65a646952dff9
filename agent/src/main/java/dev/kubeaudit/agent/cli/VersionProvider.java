package dev.kubeaudit.agent.cli;

import dev.kubeaudit.agent.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** The version and git revision the build recorded ({@link BuildInfo}), and the Java version. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        BuildInfo build = BuildInfo.current();
        return new String[] {"audit-agent " + build.version() + " (revision " + build.revision() + ", Java "
                + build.java() + ")"};
    }
}
