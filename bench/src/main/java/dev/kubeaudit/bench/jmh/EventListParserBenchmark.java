package dev.kubeaudit.bench.jmh;

import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.ingest.BadEventListException;
import dev.kubeaudit.agent.ingest.EventListParser;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The ingest hot path: one 400-event EventList of ~1 KB events split into audit.log lines. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EventListParserBenchmark {
    private final EventListParser parser = new EventListParser();
    private byte[] body;

    @Setup
    public void build() {
        StringBuilder sb = new StringBuilder("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":[");
        for (int i = 0; i < 400; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"level\":\"Metadata\",\"auditID\":\"").append(String.format("%08d", i))
                    .append("-0000-4000-8000-000000000000\",\"stage\":\"ResponseComplete\",")
                    .append("\"requestURI\":\"/api/v1/namespaces/kube-system/configmaps/kube-proxy\",\"verb\":\"get\",")
                    .append("\"user\":{\"username\":\"system:serviceaccount:kube-system:kube-proxy\",")
                    .append("\"groups\":[\"system:serviceaccounts\",\"system:authenticated\"]},")
                    .append("\"sourceIPs\":[\"10.0.0.7\"],\"userAgent\":\"kube-proxy/v1.36.0 (linux/amd64)\",")
                    .append("\"annotations\":{\"pad\":\"").append("p".repeat(560)).append("\"},")
                    .append("\"requestReceivedTimestamp\":\"2026-11-27T05:00:00.000000Z\",")
                    .append("\"stageTimestamp\":\"2026-11-27T05:00:00.001000Z\"}");
        }
        body = sb.append("]}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Batches per second; multiply by 400 for events per second. */
    @Benchmark
    public Batch parse400EventBatch() throws BadEventListException {
        return parser.parse(body, 0, body.length);
    }
}
