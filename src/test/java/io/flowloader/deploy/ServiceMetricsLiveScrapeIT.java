package io.flowloader.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.boomiflow.simulator.FaultKind;
import io.boomiflow.simulator.FaultSpec;
import io.flowloader.support.SimulatorSupport;
import io.flowloader.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The live scrape: after one load of a simulator tenant (with a 429 to retry), the {@code
 * flowloader_*} names of {@code deploy/metrics.md} — which the dashboard and the alerts are held to
 * by {@link MetricNamesTests} — appear in {@code /actuator/prometheus}.
 */
// Closed after the class: a cached context would hold its connection pool for the whole run.
@DirtiesContext
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "spring.datasource.hikari.maximum-pool-size=5",
      "flowloader.api.tokens=live-scrape-token",
      "flowloader.http.requests-per-second=5"
    })
class ServiceMetricsLiveScrapeIT {

  /**
   * Counters the service registers on first use whose events one load cannot provoke reliably: a
   * scheduled slot finding the tenant's lock held, and the rate limiter's bucket running dry.
   */
  // flowloader_normalize_warnings_total appears with a load's first warning; the simulator's data
  // has none, NormalizeWarningsIntegrationTests scrapes it live.
  static final Set<String> ONLY_AFTER_EVENTS =
      Set.of(
          "flowloader_schedule_skipped_total",
          "flowloader_rate_limit_wait_seconds_total",
          "flowloader_resource_failures_total",
          "flowloader_resource_failing_loads",
          "flowloader_normalize_warnings_total");

  static final Pattern LOAD_ID =
      Pattern.compile("\"(?:loadId|runningLoadId)\"\\s*:\\s*\"([0-9.]+)\"");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry);
    SimulatorSupport.tenant(
        registry,
        0,
        "scrape",
        SimulatorSupport.ACME_ID,
        SimulatorSupport.ACME_KEY,
        "live_scrape_acme");
    registry.add("flowloader.tenants[0].schedule.fixed-delay", () -> "PT6H");
  }

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;

  @Test
  void everyServiceMetricAppearsInALiveScrapeAfterALoad() throws Exception {
    SimulatorSupport.shared()
        .control()
        .addFault(FaultSpec.of(SimulatorSupport.ACME_ID, "users", FaultKind.HTTP_429).withCount(1));
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> started =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/loads"))
                .header("Authorization", "Bearer live-scrape-token")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"tenant\":\"scrape\",\"resources\":[\"flows\",\"users\"]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    // The fixed-delay schedule may have started a load first: then follow that one (409).
    assertThat(started.statusCode()).as(started.body()).isIn(202, 409);
    Matcher loadId = LOAD_ID.matcher(started.body());
    assertThat(loadId.find()).as(started.body()).isTrue();
    URI load = URI.create("http://127.0.0.1:" + port + "/loads/" + loadId.group(1));
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    String body = "";
    while (System.nanoTime() < deadline
        && !body.matches("(?s).*\"status\"\\s*:\\s*\"(loaded|failed|aborted)\".*")) {
      Thread.sleep(500);
      body =
          http.send(
                  HttpRequest.newBuilder(load)
                      .header("Authorization", "Bearer live-scrape-token")
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
    }
    assertThat(body).contains("\"loaded\"");

    Set<String> expected = new TreeSet<>(MetricsContract.sections().get(MetricsContract.SERVICE));
    expected.removeAll(ONLY_AFTER_EVENTS);
    // The load's meters are recorded right after its package is marked loaded: allow a moment.
    Set<String> scraped = LiveScrapeMetricsIT.scrape(http, managementPort);
    long scrapeDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!scraped.containsAll(expected) && System.nanoTime() < scrapeDeadline) {
      Thread.sleep(500);
      scraped = LiveScrapeMetricsIT.scrape(http, managementPort);
    }
    assertThat(scraped).containsAll(expected);

    // Bounded cardinality: a tenant costs a couple of dozen series, never one per table/resource.
    String text =
        http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    List<String> tenantSeries =
        text.lines()
            .filter(l -> l.startsWith("flowloader_") && l.contains("tenant=\"scrape\""))
            .toList();
    assertThat(tenantSeries).hasSizeLessThanOrEqualTo(MAX_SERIES_PER_TENANT);
    assertThat(tenantSeries).noneMatch(l -> l.contains("table=\""));
    // A resource label only on the failure series, which a healthy tenant does not have.
    assertThat(tenantSeries)
        .filteredOn(l -> l.contains("resource=\""))
        .allMatch(l -> l.startsWith("flowloader_resource_"));
  }

  /** The fleet budget: ~30 series per tenant and replica (a 1,300-tenant scrape stays small). */
  static final int MAX_SERIES_PER_TENANT = 30;
}
