package dev.kubeaudit.forward.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A webhook kubeconfig as kube-apiserver reads {@code --audit-webhook-config-file}: the context
 * named by {@code current-context} (or, without one, the only cluster and the only user), its
 * cluster's {@code server}, {@code certificate-authority(-data)}, {@code tls-server-name}, and its
 * user's {@code client-certificate(-data)}, {@code client-key(-data)}, {@code token} or
 * {@code tokenFile} (the file wins when both are given, as in client-go). Relative paths are
 * resolved against the kubeconfig's folder, as client-go does.
 *
 * <p>{@code insecure-skip-tls-verify: true} is refused: audit events carry secrets' metadata,
 * request bodies and user names, and would go to whoever answers. Give the server's CA instead.
 * {@code exec}, {@code auth-provider}, {@code username}/{@code password} are refused as not
 * supported. Immutable.
 */
public record WebhookKubeconfig(Path file, URI server, String tlsServerName, CredentialSource certificateAuthority,
                                CredentialSource clientCertificate, CredentialSource clientKey, CredentialSource token) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Every credential given, for reading them together. */
    public List<CredentialSource> credentials() {
        List<CredentialSource> all = new ArrayList<>();
        for (CredentialSource s : new CredentialSource[] {certificateAuthority, clientCertificate, clientKey, token}) {
            if (s != null) {
                all.add(s);
            }
        }
        return all;
    }

    /** True for an {@code https} server. */
    public boolean tls() {
        return server.getScheme().equals("https");
    }

    /**
     * Reads and checks the kubeconfig (not the files it names: {@link #problems} reads those too).
     *
     * @throws IllegalArgumentException naming the file, each key and its problem
     */
    public static WebhookKubeconfig read(Path file) {
        List<String> problems = new ArrayList<>();
        WebhookKubeconfig config = parse(file, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return config;
    }

    /**
     * Every problem of the kubeconfig and of the files it names (unreadable, not PEM, a key that
     * does not match its certificate, an empty token), each naming the file and key; empty when
     * the forwarding destination can start with it.
     */
    public static List<String> problems(Path file) {
        List<String> problems = new ArrayList<>();
        WebhookKubeconfig config = parse(file, problems);
        if (problems.isEmpty()) {
            try {
                WebhookCredentials.load(config);
            } catch (IOException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    static WebhookKubeconfig parse(Path file, List<String> problems) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            problems.add(file + ": unreadable or not YAML (" + e.getClass().getSimpleName() + ": "
                    + firstLine(e.getMessage()) + ")");
            return null;
        }
        if (root == null || !root.isObject()) {
            problems.add(file + ": not a kubeconfig (expected: a YAML mapping with clusters, users, contexts)");
            return null;
        }
        return new Reader(file, root, problems).read();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** Walks one parsed kubeconfig, adding a problem for each key it cannot use. */
    private record Reader(Path file, JsonNode root, List<String> problems) {
        WebhookKubeconfig read() {
            String contextName = text(root, "current-context");
            String clusterName;
            String userName;
            if (contextName == null || contextName.isEmpty()) {
                clusterName = onlyName("clusters");
                userName = onlyName("users");
            } else {
                JsonNode context = named("contexts", contextName, "context", "current-context");
                if (context == null) {
                    return null;
                }
                clusterName = text(context, "cluster");
                userName = text(context, "user");
                if (clusterName == null || clusterName.isEmpty()) {
                    problem("contexts[" + contextName + "].context.cluster", "missing");
                    return null;
                }
            }
            if (clusterName == null) {
                return null;
            }
            JsonNode cluster = named("clusters", clusterName, "cluster", "cluster");
            JsonNode user = userName == null || userName.isEmpty() ? null : named("users", userName, "user", "user");
            if (cluster == null || (user == null && userName != null && !userName.isEmpty())) {
                return null;
            }
            return build(cluster, "clusters[" + clusterName + "].cluster.", user, "users[" + userName + "].user.");
        }

        private WebhookKubeconfig build(JsonNode cluster, String c, JsonNode user, String u) {
            URI server = server(text(cluster, "server"), c + "server");
            if (cluster.path("insecure-skip-tls-verify").asBoolean(false)) {
                problem(c + "insecure-skip-tls-verify", "true is refused (expected: certificate-authority naming the"
                        + " server's CA; without verification audit events go to whoever answers)");
            }
            String serverName = text(cluster, "tls-server-name");
            CredentialSource ca = source(cluster, c, "certificate-authority");
            CredentialSource cert = user == null ? null : source(user, u, "client-certificate");
            CredentialSource key = user == null ? null : source(user, u, "client-key");
            CredentialSource token = user == null ? null : token(user, u);
            if (user != null) {
                for (String unsupported : new String[] {"exec", "auth-provider", "username", "password"}) {
                    if (user.has(unsupported)) {
                        problem(u + unsupported, "not supported (expected: client-certificate/client-key or token/tokenFile)");
                    }
                }
            }
            if ((cert == null) != (key == null)) {
                problem(u + (cert == null ? "client-certificate" : "client-key"), "missing (expected: "
                        + "client-certificate and client-key together)");
            }
            if (server != null && !server.getScheme().equals("https") && (ca != null || cert != null || serverName != null)) {
                problem(c + "server", server + ": TLS settings are given but the server is not https");
            }
            return problems.isEmpty() ? new WebhookKubeconfig(file, server, serverName, ca, cert, key, token) : null;
        }

        private URI server(String value, String key) {
            if (value == null || value.isEmpty()) {
                problem(key, "missing (expected: https://host:port/path)");
                return null;
            }
            try {
                URI uri = new URI(value);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
                    problem(key, value + " (expected: an http or https URL with a host)");
                    return null;
                }
                return uri;
            } catch (URISyntaxException e) {
                problem(key, value + ": not a URL (" + e.getReason() + ")");
                return null;
            }
        }

        private CredentialSource source(JsonNode node, String prefix, String key) {
            String path = text(node, key);
            String data = text(node, key + "-data");
            if (path != null && !path.isEmpty() && data != null && !data.isEmpty()) {
                problem(prefix + key, "both " + key + " and " + key + "-data are given (expected: one)");
                return null;
            }
            if (data != null && !data.isEmpty()) {
                try {
                    return new CredentialSource(prefix + key + "-data", null, Base64.getMimeDecoder().decode(data));
                } catch (IllegalArgumentException e) {
                    problem(prefix + key + "-data", "bad base64 (" + e.getMessage() + ")");
                    return null;
                }
            }
            return path == null || path.isEmpty() ? null : new CredentialSource(prefix + key, resolve(path), null);
        }

        private CredentialSource token(JsonNode user, String prefix) {
            String tokenFile = text(user, "tokenFile");
            if (tokenFile != null && !tokenFile.isEmpty()) {
                return new CredentialSource(prefix + "tokenFile", resolve(tokenFile), null);
            }
            String token = text(user, "token");
            return token == null || token.isEmpty() ? null
                    : new CredentialSource(prefix + "token", null, token.getBytes(StandardCharsets.UTF_8));
        }

        private Path resolve(String path) {
            Path folder = file.toAbsolutePath().getParent();
            return folder == null ? Path.of(path) : folder.resolve(path);
        }

        private JsonNode named(String list, String name, String inner, String referrer) {
            for (JsonNode entry : root.path(list)) {
                if (name.equals(text(entry, "name"))) {
                    JsonNode value = entry.get(inner);
                    if (value == null || !value.isObject()) {
                        problem(list + "[" + name + "]." + inner, "missing");
                        return null;
                    }
                    return value;
                }
            }
            problem(list, "no entry named '" + name + "' (named by " + referrer + ")");
            return null;
        }

        /** Without current-context: the name of the only entry, null (and a problem) for several. */
        private String onlyName(String list) {
            JsonNode entries = root.path(list);
            if (entries.size() == 1) {
                return text(entries.get(0), "name");
            }
            if (entries.size() > 1 || list.equals("clusters")) {
                problem("current-context", "missing (expected: the name of one of contexts[], or exactly one "
                        + list + " entry; found " + entries.size() + ")");
            }
            return null;
        }

        private String text(JsonNode node, String key) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isValueNode()) {
                problem(key, "not a scalar");
                return null;
            }
            return value.asText();
        }

        private void problem(String key, String what) {
            problems.add(file + ": " + key + ": " + what);
        }
    }
}
