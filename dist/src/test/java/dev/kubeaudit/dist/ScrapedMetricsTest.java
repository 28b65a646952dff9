package dev.kubeaudit.dist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Names of a Prometheus text scrape: families, and a histogram's series mapped to their family. */
class ScrapedMetricsTest {
    private static final String TEXT = """
            # HELP req_seconds Time from request to answer
            # TYPE req_seconds histogram
            req_seconds_bucket{node="a",le="0.1"} 0.0
            req_seconds_bucket{node="a",le="+Inf"} 0.0
            req_seconds_count{node="a"} 0.0
            req_seconds_sum{node="a"} 0.0
            # TYPE req_seconds_max gauge
            req_seconds_max{node="a"} 0.0
            # TYPE ship_failures_total counter
            ship_failures_total{node="a",reason="vanished"} 0.0
            # TYPE declared_only gauge
            """;

    @Test
    void aHistogramsSeriesBelongToItsFamilyAndItsBareNameIsNoSeries() {
        ScrapedMetrics scraped = ScrapedMetrics.parse(TEXT);
        assertThat(scraped.families()).isEqualTo(4);
        assertThat(scraped.family("req_seconds_bucket")).contains("req_seconds");
        assertThat(scraped.has("req_seconds_bucket")).isTrue();
        assertThat(scraped.has("req_seconds_count")).isTrue();
        assertThat(scraped.has("req_seconds_max")).isTrue();
        assertThat(scraped.has("req_seconds")).as("a histogram's name selects nothing").isFalse();
        assertThat(scraped.has("ship_failures_total")).isTrue();
        assertThat(scraped.has("ship_failures_total_bucket")).as("a counter has no buckets").isFalse();
        assertThat(scraped.has("declared_only")).as("a family without samples").isFalse();
        assertThat(scraped.has("absent")).isFalse();
    }
}
