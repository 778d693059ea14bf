package io.flowloader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.PackageStatus;
import io.flowloader.pkg.Trigger;
import io.flowloader.schedule.LoadLauncher;
import io.flowloader.support.SimulatorSupport;
import io.flowloader.support.TestDatabase;
import io.flowloader.tenant.TenantRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Loads the simulator's default tenant end to end, twice, into a real PostgreSQL. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {"flowloader.http.requests-per-second=200"})
class LoadPipelineIntegrationTests {

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry);
    SimulatorSupport.tenant(
        registry, 0, "acme", SimulatorSupport.ACME_ID, SimulatorSupport.ACME_KEY, "acme_e2e");
  }

  @Autowired LoadLauncher launcher;
  @Autowired TenantRegistry tenants;
  @Autowired JdbcTemplate jdbc;

  @Test
  void loadsEveryDefaultResourceAndASecondUnchangedLoadAddsNothing() {
    LoadPackage first =
        launcher.runNow(tenants.find("acme").orElseThrow(), Trigger.MANUAL, LoadOptions.defaults());
    assertThat(first.status()).as("first load: %s", first.error()).isEqualTo(PackageStatus.LOADED);
    Map<String, Long> afterFirst = counts("acme_e2e");
    assertThat(afterFirst).containsKeys("flows", "users", "states", "audit_events", "_dlt_loads");
    assertThat(afterFirst.get("flows")).isPositive();

    LoadPackage second =
        launcher.runNow(tenants.find("acme").orElseThrow(), Trigger.MANUAL, LoadOptions.defaults());
    assertThat(second.status())
        .as("second load: %s", second.error())
        .isEqualTo(PackageStatus.LOADED);
    Map<String, Long> afterSecond = counts("acme_e2e");
    for (String table : afterFirst.keySet()) {
      if (!table.startsWith("_dlt")) {
        assertThat(afterSecond.get(table)).as("rows of %s", table).isEqualTo(afterFirst.get(table));
      }
    }
    assertThat(afterSecond.get("_dlt_loads")).isEqualTo(afterFirst.get("_dlt_loads") + 1);
  }

  private Map<String, Long> counts(String dataset) {
    List<String> tables =
        jdbc.queryForList(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY 1",
            String.class,
            dataset);
    Map<String, Long> out = new LinkedHashMap<>();
    for (String t : tables) {
      out.put(
          t,
          jdbc.queryForObject(
              "SELECT count(*) FROM \"" + dataset + "\".\"" + t + "\"", Long.class));
    }
    return out;
  }
}
