package io.flowloader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.boomiflow.simulator.FaultKind;
import io.boomiflow.simulator.FaultSpec;
import io.boomiflow.simulator.SimulatorControl;
import io.flowloader.support.SimulatorSupport;
import io.flowloader.support.TestDatabase;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

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
      "flowloader.api.tokens=" + ApiLoads.TOKEN,
      "flowloader.max-concurrent-loads=1",
      "flowloader.max-load-duration=8s",
      "flowloader.http.requests-per-second=500",
      "flowloader.http.max-retries=0",
      "flowloader.http.read-timeout=120s"
    })
class LoadDeadlineIntegrationTests extends ApiLoads {

  private static final String TENANT = "deadline";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry);
    SimulatorSupport.tenant(
        registry, 0, TENANT, SimulatorSupport.ACME_ID, SimulatorSupport.ACME_KEY, TENANT);
  }

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
      loadId = start(TENANT, "[\"flows\"]");
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
                "SELECT count(*) FROM pg_namespace WHERE nspname ="
                    + " (SELECT staging_schema FROM flowloader.load_package WHERE load_id = ?)",
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
    String next = start(TENANT, "[\"flows\"]");
    JsonNode done = awaitFinal(next);
    assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("loaded");
    assertThat(active()).isZero();
    assertThat(jdbc.queryForObject("SELECT count(*) FROM deadline.flows", Long.class)).isPositive();
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
