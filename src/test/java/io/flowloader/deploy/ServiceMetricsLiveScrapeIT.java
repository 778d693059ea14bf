package io.flowloader.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.simulator.FaultKind;
import io.flowloader.simulator.FaultSpec;
import io.flowloader.support.SimulatorSupport;
import io.flowloader.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The live-scrape acceptance check of issue 6: after one load of a simulator tenant (with a 429 to
 * retry and a tight client-side rate limit to wait on), the {@code flowloader_*} names of {@code
 * deploy/metrics.md} — which the dashboard and the alerts are held to by {@link MetricNamesTests} —
 * appear in {@code /actuator/prometheus}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "flowloader.api.tokens=live-scrape-token",
      "flowloader.http.requests-per-second=5"
    })
class ServiceMetricsLiveScrapeIT {

  /**
   * Counted only when a scheduled slot finds the tenant's lock held by another load, which one
   * manual load cannot provoke; the service registers it on first use.
   */
  static final Set<String> ONLY_AFTER_CONTENTION = Set.of("flowloader_schedule_skipped_total");

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
    expected.removeAll(ONLY_AFTER_CONTENTION);
    assertThat(LiveScrapeMetricsIT.scrape(http, managementPort)).containsAll(expected);
  }
}
