package dev.kubeaudit.agent.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one value from a /metrics endpoint on 127.0.0.1, as Prometheus would. */
public final class Scrape {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Scrape() {
    }

    public static String text(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new AssertionError("scrape of 127.0.0.1:" + port + " failed", e);
        }
    }

    /** The value of the first sample of {@code metric} whose labels contain {@code labelPart}; NaN when absent. */
    public static double value(String text, String metric, String labelPart) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{([^}]*)\\} (\\S+)$").matcher(text);
        while (m.find()) {
            if (m.group(1).contains(labelPart)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return Double.NaN;
    }
}
