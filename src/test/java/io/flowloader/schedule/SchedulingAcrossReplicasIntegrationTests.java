package io.flowloader.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.FlowLoaderApplication;
import io.flowloader.support.SimulatorSupport;
import io.flowloader.support.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two replicas of the service on one database, ten tenants on a 5-second fixed delay, for a minute:
 * no tenant ever has two loads at once and no scheduled slot is loaded twice (each load starts a
 * whole delay after the previous one finished, whichever replica ran it). And one replica with a
 * single load permit serves a queue fairly: every tenant gets its first load before any gets a
 * second, and no slot is skipped for want of a permit. The load package rows are the evidence.
 */
class SchedulingAcrossReplicasIntegrationTests {

  static final int TENANTS = 10;
  static final Duration DELAY = Duration.ofSeconds(5);
  static final Duration RUN_FOR =
      Duration.ofSeconds(Long.getLong("flowloader.test.replicas-seconds", 60));

  @Test
  void tenantsNeverOverlapAndSlotsAreLoadedOnce() throws Exception {
    List<ConfigurableApplicationContext> replicas = new ArrayList<>();
    try {
      replicas.add(replica());
      replicas.add(replica());
      Thread.sleep(RUN_FOR.toMillis());
    } finally {
      replicas.forEach(ConfigurableApplicationContext::close);
    }

    List<Run> runs = runs("replica");
    Map<String, List<Run>> byTenant = new HashMap<>();
    runs.forEach(r -> byTenant.computeIfAbsent(r.tenant(), t -> new ArrayList<>()).add(r));
    assertThat(byTenant).hasSize(TENANTS);
    for (Map.Entry<String, List<Run>> e : byTenant.entrySet()) {
      List<Run> list = e.getValue();
      // A minute at a 5 s delay leaves room for several loads per tenant even on a busy machine.
      assertThat(list).as("loads of %s", e.getKey()).hasSizeGreaterThanOrEqualTo(3);
      for (int i = 1; i < list.size(); i++) {
        Run before = list.get(i - 1);
        Run after = list.get(i);
        assertThat(before.finished())
            .as("%s: load started %s overlaps the one before", e.getKey(), after.started())
            .isNotNull()
            .isBeforeOrEqualTo(after.started());
        assertThat(Duration.between(before.finished(), after.started()))
            .as("%s: two loads in one slot", e.getKey())
            .isGreaterThanOrEqualTo(DELAY.minusMillis(100));
      }
      assertThat(list).extracting(Run::status).containsOnly("loaded");
    }
  }

  @Test
  void aBusyReplicaServesDueTenantsInOrderOfStaleness() throws Exception {
    List<Run> runs;
    double skipped;
    try (ConfigurableApplicationContext replica =
        replica("fair", 4, Duration.ofSeconds(1), Map.of("flowloader.max-concurrent-loads", "1"))) {
      Thread.sleep(Duration.ofSeconds(25).toMillis());
      skipped =
          replica
              .getBean(MeterRegistry.class)
              .find("flowloader.schedule.skipped")
              .counters()
              .stream()
              .mapToDouble(c -> c.count())
              .sum();
    }
    runs = runs("fair");
    assertThat(runs).hasSizeGreaterThanOrEqualTo(8);
    // Never loaded first: the first four loads are the four tenants.
    assertThat(runs.stream().sorted(Comparator.comparing(Run::started)).limit(4).map(Run::tenant))
        .doesNotHaveDuplicates();
    assertThat(runs.stream().map(Run::tenant).distinct()).hasSize(4);
    assertThat(skipped).isZero();
  }

  record Run(String tenant, String status, Instant started, Instant finished) {}

  private static List<Run> runs(String prefix) {
    JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.get().dataSource());
    return jdbc.query(
        "SELECT tenant, status, started_at, finished_at FROM flowloader.load_package"
            + " WHERE tenant LIKE ? ORDER BY tenant, started_at",
        (rs, i) ->
            new Run(
                rs.getString(1),
                rs.getString(2),
                rs.getTimestamp(3).toInstant(),
                instant(rs.getTimestamp(4))),
        prefix + "%");
  }

  private static ConfigurableApplicationContext replica() {
    return replica("replica", TENANTS, DELAY, Map.of());
  }

  private static ConfigurableApplicationContext replica(
      String prefix, int tenants, Duration delay, Map<String, String> extra) {
    Map<String, Object> p = new HashMap<>(extra);
    TestDatabase db = TestDatabase.get();
    p.put("spring.datasource.url", db.jdbcUrl());
    p.put("spring.datasource.username", db.username());
    p.put("spring.datasource.password", db.password());
    p.put("spring.main.web-application-type", "none");
    p.put("spring.main.banner-mode", "off");
    p.put("flowloader.http.requests-per-second", "500");
    String base = SimulatorSupport.shared().baseUrl();
    for (int i = 0; i < tenants; i++) {
      String t = "flowloader.tenants[" + i + "].";
      boolean acme = i % 2 == 0;
      p.put(t + "name", prefix + i);
      p.put(t + "tenant-id", acme ? SimulatorSupport.ACME_ID : SimulatorSupport.GLOBEX_ID);
      p.put(t + "api-key", acme ? SimulatorSupport.ACME_KEY : SimulatorSupport.GLOBEX_KEY);
      p.put(t + "base-url", base);
      p.put(t + "dataset", prefix + i);
      p.put(t + "schedule.fixed-delay", delay.toString());
      p.put(t + "resources[0]", "runtimes");
      p.put(t + "resources[1]", "users");
    }
    // As command-line arguments: they must win over application.yaml, as a deployment's would.
    return new SpringApplicationBuilder(FlowLoaderApplication.class)
        .run(
            p.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new));
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
