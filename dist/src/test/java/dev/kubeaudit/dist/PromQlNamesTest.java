package dev.kubeaudit.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Metric names out of PromQL: selectors counted; functions, keywords, labels, strings and variables not. */
class PromQlNamesTest {
    static Stream<Arguments> expressions() {
        return Stream.of(
                Arguments.of("sum by (job, instance) (increase(apiserver_audit_error_total{plugin=\"webhook\"}[5m])) > 0",
                        new String[] {"apiserver_audit_error_total"}),
                Arguments.of("up{job=~\"kube-audit-agent|kube-audit-shipper\"} == 0", new String[] {"up"}),
                Arguments.of("free_bytes < ignoring(volume) group_left() (2 * min_free_bytes)",
                        new String[] {"free_bytes", "min_free_bytes"}),
                Arguments.of("(expiry_seconds - time() < 7 * 86400) and expiry_seconds > 0", new String[] {"expiry_seconds"}),
                Arguments.of("label_replace(increase(a_total[1h]), \"source\", \"tls\", \"\", \"\") > 0\nor\n"
                        + "label_replace(increase(b_total[1h]), \"source\", \"policy\", \"\", \"\") > 0",
                        new String[] {"a_total", "b_total"}),
                Arguments.of("histogram_quantile(0.99, sum by (node, le) (rate(h_seconds_bucket{cluster=~\"$cluster\","
                        + "node=~\"$node\"}[$__rate_interval])))", new String[] {"h_seconds_bucket"}),
                Arguments.of("sum(rate(m_total[5m] offset 1h)) by (code) / on(node) group_right(volume) other",
                        new String[] {"m_total", "other"}),
                Arguments.of("topk(3, m1) unless on (node) m2 # m3 is a comment", new String[] {"m1", "m2"}),
                Arguments.of("{__name__=\"by_name\", job='x'} > bool 1", new String[] {"by_name"}),
                Arguments.of("{__name__=~\"audit_agent_.+\", cluster=~\"$cluster\"}", new String[] {}),
                Arguments.of("count_values(\"version\", build_info) + 1e+3 * n_total - 0x1F + Inf - NaN",
                        new String[] {"build_info", "n_total"}),
                Arguments.of("max_over_time(deriv(g[10m])[1h:5m]) and g @ start()", new String[] {"g"}),
                Arguments.of("sum without (instance) (x) or avg(y) and count by (a) (z{a=\"}\"})",
                        new String[] {"x", "y", "z"}),
                Arguments.of("rate(ns:m_total:rate5m[5m]) * ${factor} * $other", new String[] {"ns:m_total:rate5m"}));
    }

    @ParameterizedTest
    @MethodSource("expressions")
    void findsTheSelectedMetricNamesAndNothingElse(String expression, String[] names) {
        assertThat(PromQlNames.of(expression)).as(expression).containsExactly(names);
    }
}
