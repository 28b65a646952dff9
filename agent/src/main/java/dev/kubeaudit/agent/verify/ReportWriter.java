package dev.kubeaudit.agent.verify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;

/**
 * Writes a {@link VerifyReport} for people ({@code text}: one line per finding, then one per node
 * and a verdict) or for programs ({@code json}: one JSON object per line per finding, then one
 * summary object; fields in docs/verify.md). Stateless.
 */
public final class ReportWriter {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private ReportWriter() {
    }

    public static void text(VerifyReport report, Writer out) throws IOException {
        PrintWriter w = new PrintWriter(out);
        for (Finding f : report.findings()) {
            w.println(f.severity().label().toUpperCase(java.util.Locale.ROOT) + " " + f.type() + " "
                    + (f.node().isEmpty() ? "-" : f.node()) + (f.seq() == null ? "" : " seq " + f.seq()) + ": "
                    + f.message() + (f.keys().isEmpty() ? "" : " [" + String.join(", ", f.keys()) + "]"));
        }
        for (NodeSummary n : report.nodes()) {
            w.println(n.node() + ": " + n.records() + " records, " + n.segmentsVerified() + " of " + n.segments()
                    + " segments verified, " + n.events() + " events"
                    + (n.minStageTimestamp() == null ? "" : ", stageTimestamp " + n.minStageTimestamp() + " .. "
                    + n.maxStageTimestamp())
                    + (n.checkpointSize() == null ? ", no valid checkpoint" : ", newest checkpoint size "
                    + n.checkpointSize() + " at " + n.checkpointTime() + " (age " + Durations.text(n.checkpointAge())
                    + ")") + "; retention " + n.retention());
        }
        w.println("verify " + report.archive() + ": " + report.result() + " (" + report.count(Severity.FAILURE)
                + " failures, " + report.count(Severity.INCOMPLETE) + " incomplete, " + report.count(Severity.WARNING)
                + " warnings)");
        w.flush();
    }

    public static void json(VerifyReport report, Writer out) throws IOException {
        for (Finding f : report.findings()) {
            out.write(finding(f));
            out.write('\n');
        }
        out.write(summary(report));
        out.write('\n');
        out.flush();
    }

    /** One finding as a JSON object on one line. */
    public static String finding(Finding f) throws IOException {
        StringWriter s = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(s)) {
            g.writeStartObject();
            g.writeStringField("finding", f.type().name());
            g.writeStringField("severity", f.severity().label());
            g.writeStringField("node", f.node());
            if (f.seq() == null) {
                g.writeNullField("seq");
            } else {
                g.writeNumberField("seq", f.seq());
            }
            g.writeArrayFieldStart("keys");
            for (String k : f.keys()) {
                g.writeString(k);
            }
            g.writeEndArray();
            g.writeStringField("message", f.message());
            g.writeEndObject();
        }
        return s.toString();
    }

    private static String summary(VerifyReport report) throws IOException {
        StringWriter s = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(s)) {
            g.writeStartObject();
            g.writeBooleanField("summary", true);
            g.writeStringField("result", report.result());
            g.writeNumberField("exitCode", report.exitCode());
            g.writeStringField("archive", report.archive());
            g.writeStringField("verifiedAt", report.verifiedAt().toString());
            g.writeNumberField("failures", report.count(Severity.FAILURE));
            g.writeNumberField("incomplete", report.count(Severity.INCOMPLETE));
            g.writeNumberField("warnings", report.count(Severity.WARNING));
            g.writeArrayFieldStart("nodes");
            for (NodeSummary n : report.nodes()) {
                node(g, n);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return s.toString();
    }

    private static void node(JsonGenerator g, NodeSummary n) throws IOException {
        g.writeStartObject();
        g.writeStringField("node", n.node());
        g.writeNumberField("records", n.records());
        g.writeNumberField("segments", n.segments());
        g.writeNumberField("segmentsVerified", n.segmentsVerified());
        g.writeNumberField("events", n.events());
        g.writeStringField("minStageTimestamp", n.minStageTimestamp());
        g.writeStringField("maxStageTimestamp", n.maxStageTimestamp());
        if (n.checkpointSize() == null) {
            g.writeNullField("checkpoint");
        } else {
            g.writeObjectFieldStart("checkpoint");
            g.writeNumberField("size", n.checkpointSize());
            g.writeStringField("time", n.checkpointTime().toString());
            g.writeStringField("key", n.checkpointKey());
            g.writeNumberField("ageSeconds", n.checkpointAge().getSeconds());
            g.writeEndObject();
        }
        g.writeStringField("retention", n.retention());
        g.writeEndObject();
    }
}
