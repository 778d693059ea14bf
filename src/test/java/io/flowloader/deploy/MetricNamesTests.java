package io.flowloader.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and the alerts query only metric names listed in {@code deploy/metrics.md}, the
 * contract with the service; {@code LiveScrapeMetricsIT} holds the contract against a real scrape.
 */
class MetricNamesTests {

  @Test
  void extractorFindsMetricNamesOnly() {
    assertThat(
            MetricsContract.metricNames(
                "histogram_quantile(0.95, sum by (tenant, le) (rate(a_seconds_bucket{x=\"y\", t=~\"$t\"}"
                    + "[$__rate_interval]))) > on (job) group_left () clamp_min(2 * b_total, 1e3)"
                    + " or 0 * up + 7200"))
        .containsExactlyInAnyOrder("a_seconds_bucket", "b_total", "up");
  }

  @Test
  void contractHasTheThreeSections() {
    assertThat(MetricsContract.sections())
        .containsKeys(
            MetricsContract.SERVICE, MetricsContract.MICROMETER, MetricsContract.EXTERNAL);
    assertThat(MetricsContract.sections().get(MetricsContract.SERVICE))
        .hasSizeGreaterThanOrEqualTo(12)
        .allMatch(n -> n.startsWith("flowloader_"));
  }

  @Test
  void dashboardQueriesOnlyContractMetrics() {
    Set<String> names = MetricsContract.dashboardNames();
    assertThat(names).isNotEmpty();
    assertThat(MetricsContract.allListed()).containsAll(names);
  }

  @Test
  void alertsQueryOnlyContractMetrics() {
    Set<String> names = MetricsContract.alertNames();
    assertThat(names).contains("flowloader_last_success_timestamp_seconds", "up");
    assertThat(MetricsContract.allListed()).containsAll(names);
  }

  @Test
  void dashboardShowsWhatOperatorsNeed() {
    assertThat(MetricsContract.dashboardNames())
        .contains(
            "flowloader_load_duration_seconds_count", // loads by outcome
            "flowloader_load_duration_seconds_bucket", // p95 duration
            "flowloader_last_success_timestamp_seconds", // freshness
            "flowloader_loads_active",
            "flowloader_load_running_seconds", // stuck loads
            "flowloader_http_retries_total", // 429/5xx retries
            "flowloader_rows_loaded_total",
            "jvm_memory_used_bytes",
            "hikaricp_connections_active");
  }

  @Test
  void everyServiceMetricInTheContractIsUsed() {
    Set<String> used = new TreeSet<>(MetricsContract.dashboardNames());
    used.addAll(MetricsContract.alertNames());
    Set<String> unused = new TreeSet<>(MetricsContract.sections().get(MetricsContract.SERVICE));
    unused.removeAll(used);
    unused.remove(
        "flowloader_load_duration_seconds_sum"); // part of the histogram, listed for completeness
    assertThat(unused).isEmpty();
  }
}
