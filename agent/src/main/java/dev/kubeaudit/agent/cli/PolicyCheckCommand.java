package dev.kubeaudit.agent.cli;

import dev.kubeaudit.agent.policy.PolicyFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code policy check FILE [--strict]}: a policy checked before kube-apiserver or the agent meets it. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Checks an audit.k8s.io/v1 Policy as kube-apiserver would when it loads --audit-policy-file,"
                + " and for mistakes it accepts silently (unknown fields, singular resources, unreachable rules, …).",
                "Prints FILE:LINE:COLUMN: error|warning: message. Exit 0 valid, 1 warnings only (with --strict),"
                        + " 2 errors."})
final class PolicyCheckCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The policy file.")
    Path file;

    @Option(names = "--strict", description = "Exit with 1 when there are warnings.")
    boolean strict;

    @Override
    public Integer call() {
        PolicyFile.Read read;
        try {
            read = PolicyFile.read(file);
        } catch (IOException e) {
            System.err.println(file + ": " + e.getMessage());
            return 2;
        }
        read.formatted().forEach(System.err::println);
        int errors = read.errors().size();
        int warnings = read.warnings().size();
        if (errors > 0) {
            System.err.println(file + ": " + count(errors, "error") + ", " + count(warnings, "warning")
                    + ": kube-apiserver would not start with it");
            return 2;
        }
        String rules = count(read.policy().rules().size(), "rule");
        if (warnings > 0) {
            System.out.println(file + ": valid (" + rules + "), " + count(warnings, "warning"));
            return strict ? 1 : 0;
        }
        System.out.println(file + ": ok (" + rules + ")");
        return 0;
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
