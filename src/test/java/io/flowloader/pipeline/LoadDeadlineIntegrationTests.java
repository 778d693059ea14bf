package io.flowloader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.simulator.FaultKind;
import io.flowloader.simulator.FaultSpec;
import io.flowloader.simulator.SimulatorControl;
import io.flowloader.support.SimulatorSupport;
import io.flowloader.support.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code flowloader.max-load-duration} as a user sets it: a load held by an upstream that sends
 * nothing for longer than the maximum is stopped and fails with a message naming the setting; its
 * slot and gauge are released (with {@code max-concurrent-loads=1} the next load starts), its
 * staging is dropped, and the next load, the upstream answering again, loads.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "flowloader.api.tokens=deadline-token",
      "flowloader.max-concurrent-loads=1",
      "flowloader.max-load-duration=8s",
      "flowloader.http.requests-per-second=500",
      "flowloader.http.max-retries=0",
      "flowloader.http.read-timeout=120s"
    })
class LoadDeadlineIntegrationTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String TENANT = "deadline";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry);
    SimulatorSupport.tenant(
        registry, 0, TENANT, SimulatorSupport.ACME_ID, SimulatorSupport.ACME_KEY, TENANT);
  }

  @LocalServerPort int port;
  @Autowired MeterRegistry meters;
  @Autowired JdbcTemplate jdbc;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final SimulatorControl sim = SimulatorSupport.shared().control();

  @Test
  void aLoadExceedingItsMaximumDurationFailsNamingTheSettingAndLeaksNothing() throws Exception {
    // The first page of flows answers nothing for 60 s: far past the 8 s maximum.
    long fault =
        sim.addFault(
            FaultSpec.of("acme", "flows", FaultKind.SLOW_FIRST_BYTE)
                .withTiming(60_000, 64)
                .withCount(1));
    String loadId;
    JsonNode failed;
    long t0 = System.nanoTime();
    try {
      loadId = start();
      failed = awaitFinal(loadId);
    } finally {
      sim.removeFault(fault);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(failed.path("status").asString()).as(failed.toString()).isEqualTo("failed");
    assertThat(failed.path("error").asString())
        .contains("maximum duration")
        .contains("PT8S")
        .contains("flowloader.max-load-duration");
    // Stopped by its deadline, not by the slow page's end.
    assertThat(took).isLessThan(Duration.ofSeconds(50));
    assertThat(active()).isZero();
    assertThat(outcomes("failure")).isEqualTo(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM pg_namespace WHERE nspname = 'flowloader_stg_' ||"
                    + " (SELECT id FROM flowloader.load_package WHERE load_id = ?)",
                Long.class,
                loadId))
        .as("staging dropped")
        .isZero();
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM flowloader.cursor_state WHERE tenant = ?",
                Long.class,
                TENANT))
        .isZero();

    // The slot and the tenant's lock were released: the next load starts and loads.
    String next = start();
    JsonNode done = awaitFinal(next);
    assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("loaded");
    assertThat(active()).isZero();
    assertThat(jdbc.queryForObject("SELECT count(*) FROM deadline.flows", Long.class)).isPositive();
  }

  private String start() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      HttpResponse<String> r =
          send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/loads"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"tenant\":\"" + TENANT + "\",\"resources\":[\"flows\"]}")));
      if (r.statusCode() == 202) {
        return JSON.readTree(r.body()).path("loadId").asString();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no load started: " + r.statusCode() + " " + r.body());
      }
      Thread.sleep(500);
    }
  }

  private JsonNode awaitFinal(String loadId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode report =
          JSON.readTree(
              send(HttpRequest.newBuilder(
                          URI.create("http://localhost:" + port + "/loads/" + loadId))
                      .GET())
                  .body());
      String s = report.path("status").asString();
      if (s.equals("loaded") || s.equals("partial") || s.equals("failed") || s.equals("aborted")) {
        return report;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("load " + loadId + " did not finish");
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(
        request
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer deadline-token")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private double active() {
    var gauge = meters.find("flowloader.loads.active").tag("tenant", TENANT).gauge();
    return gauge == null ? 0 : gauge.value();
  }

  private long outcomes(String outcome) {
    return meters
        .find("flowloader.load.duration")
        .tag("tenant", TENANT)
        .tag("outcome", outcome)
        .timers()
        .stream()
        .mapToLong(Timer::count)
        .sum();
  }
}
