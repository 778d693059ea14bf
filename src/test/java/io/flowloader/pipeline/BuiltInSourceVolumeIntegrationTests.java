package io.flowloader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.boomiflow.simulator.SimulatorServer;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.PackageStatus;
import io.flowloader.pkg.Trigger;
import io.flowloader.schedule.LoadLauncher;
import io.flowloader.support.SimulatorSupport;
import io.flowloader.support.TestDatabase;
import io.flowloader.tenant.TenantRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The built-in Boomi Flow source against realistic data: a tenant with more than 10,000 states
 * whose logs are long maps keyed by entry ids (without the json column hint their columns would
 * pass PostgreSQL's 1600-column limit many times over) and an API key list holding a revoked key
 * with {@code tenantId: null}. One load must succeed.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {"flowloader.http.requests-per-second=500"})
class BuiltInSourceVolumeIntegrationTests {

  static final int STATES = 10_400;
  static final int LOG_ENTRIES = 25;
  static final String DATASET = "volume_states";

  static SimulatorServer simulator;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry);
    simulator =
        SimulatorServer.start(
            Map.of(
                "simulator.tenants.globex.states", STATES,
                "simulator.tenants.globex.log-entries", LOG_ENTRIES));
    String p = "flowloader.tenants[0].";
    registry.add(p + "name", () -> "volume");
    registry.add(p + "tenant-id", () -> SimulatorSupport.GLOBEX_ID);
    registry.add(p + "api-key", () -> SimulatorSupport.GLOBEX_KEY);
    registry.add(p + "base-url", simulator::baseUrl);
    registry.add(p + "dataset", () -> DATASET);
    registry.add(p + "resources[0]", () -> "states");
    registry.add(p + "resources[1]", () -> "api_keys");
  }

  @AfterAll
  static void stop() {
    simulator.close();
  }

  @Autowired LoadLauncher launcher;
  @Autowired TenantRegistry tenants;
  @Autowired JdbcTemplate jdbc;

  @Test
  void tenThousandStatesWithLongLogsAndARevokedKeyLoad() {
    LoadPackage load =
        launcher.runNow(
            tenants.find("volume").orElseThrow(), Trigger.MANUAL, LoadOptions.defaults());
    assertThat(load.status()).as("load: %s", load.error()).isEqualTo(PackageStatus.LOADED);

    assertThat(count("states")).isEqualTo(STATES);
    assertThat(columns("states"))
        .contains("log__entries")
        .noneMatch(c -> c.startsWith("log__entries__"))
        .hasSizeLessThan(200);
    assertThat(
            jdbc.queryForObject(
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                    + " WHERE attrelid = '\"volume_states\".\"states\"'::regclass"
                    + " AND attname = 'log__entries'",
                String.class))
        .isEqualTo("jsonb");
    // about every tenth state has a log; each holds LOG_ENTRIES entries keyed by their ids
    long withLog =
        jdbc.queryForObject(
            "SELECT count(*) FROM \"volume_states\".\"states\" WHERE log__entries IS NOT NULL",
            Long.class);
    assertThat(withLog).isGreaterThan(STATES / 20);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM \"volume_states\".\"states\""
                    + " WHERE (SELECT count(*) FROM jsonb_object_keys(log__entries)) = ?",
                Long.class,
                LOG_ENTRIES))
        .isEqualTo(withLog);

    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM \"volume_states\".\"api_keys\" WHERE tenant_id IS NULL",
                Long.class))
        .isOne();
    assertThat(
            jdbc.queryForList(
                "SELECT is_nullable FROM information_schema.columns WHERE table_schema = ?"
                    + " AND table_name = 'api_keys' AND column_name IN ('tenant_id', 'name')",
                String.class,
                DATASET))
        .containsOnly("YES");
  }

  private long count(String table) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM \"" + DATASET + "\".\"" + table + "\"", Long.class);
  }

  private List<String> columns(String table) {
    return jdbc.queryForList(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = ?"
            + " AND table_name = ? ORDER BY ordinal_position",
        String.class,
        DATASET,
        table);
  }
}
