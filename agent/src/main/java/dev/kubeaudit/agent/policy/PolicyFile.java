package dev.kubeaudit.agent.policy;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.nio.ByteBuffer;

/**
 * Reading a policy file: the {@link Policy} and every {@link Finding}, errors (kube-apiserver
 * would refuse the file, or it silently means something else) and warnings, in file order.
 * Stateless; safe from any thread.
 */
public final class PolicyFile {
    private PolicyFile() {
    }

    /** What reading one file gave: the policy (null when there is any error) and the findings. */
    public record Read(String file, Policy policy, List<Finding> findings) {
        public Read {
            findings = List.copyOf(findings);
        }

        public List<Finding> errors() {
            return findings.stream().filter(Finding::isError).toList();
        }

        public List<Finding> warnings() {
            return findings.stream().filter(f -> !f.isError()).toList();
        }

        /** Every finding formatted, one per line (a hint takes a line of its own). */
        public List<String> formatted() {
            return findings.stream().map(f -> f.format(file)).toList();
        }
    }

    /** Reads and checks {@code file}; the findings name it as given. */
    public static Read read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException("Reading policy file " + file + " failed: " + e, e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new Read(file.toString(), null, List.of(Finding.error(1, 1, "not UTF-8 text")));
        }
        return parse(file.toString(), text);
    }

    /** Checks policy text; {@code file} is only used in messages. */
    public static Read parse(String file, String text) {
        List<Finding> findings = new ArrayList<>();
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        YamlNode root = PolicyYaml.parse(body, findings);
        Policy policy = null;
        if (root != null || findings.isEmpty()) {
            policy = PolicyReader.read(root, findings);
        }
        findings.sort(Finding.ORDER);
        boolean errors = findings.stream().anyMatch(Finding::isError);
        return new Read(file, errors ? null : policy, findings);
    }

    /** The policy in {@code file}; a PolicyException lists its errors when it has any. */
    public static Policy load(Path file) throws IOException, PolicyException {
        Read read = read(file);
        if (read.policy() == null) {
            throw PolicyException.of(read.file(), read.errors());
        }
        return read.policy();
    }
}
