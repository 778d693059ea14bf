package io.flowloader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.support.SimulatorSupport;
import io.flowloader.support.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A database error on one resource's table, as an operator meets it: a constraint added by hand to
 * the dataset's {@code users} table rejects the rows the next load inserts. With {@code
 * flowloader.on-resource-failure: isolate} (the default) only {@code users} fails: the other
 * resources' rows, cursors and {@code _dlt_loads} row are committed, the package ends {@code
 * partial} with PostgreSQL's cause, {@code users} keeps its rows; once the constraint is gone the
 * next load loads it and the dataset equals a clean load's.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "flowloader.api.tokens=" + ApiLoads.TOKEN,
      "flowloader.http.requests-per-second=500"
    })
class TableIsolationIntegrationTests extends ApiLoads {

  private static final String ALL = "[\"flows\",\"users\",\"audit_events\"]";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry);
    SimulatorSupport.tenant(
        registry, 0, "iso_ref", SimulatorSupport.ACME_ID, SimulatorSupport.ACME_KEY, "iso_ref");
    SimulatorSupport.tenant(
        registry, 1, "iso_check", SimulatorSupport.ACME_ID, SimulatorSupport.ACME_KEY, "iso_check");
  }

  @Test
  void aConstraintViolationInOneTableFailsOnlyItsResource() throws Exception {
    JsonNode ref = awaitFinal(start("iso_ref", ALL));
    assertThat(ref.path("status").asString()).as(ref.toString()).isEqualTo("loaded");
    Map<String, List<String>> reference = rows("iso_ref");

    String tenant = "iso_check";
    String first = start(tenant, "[\"users\"]");
    assertThat(awaitFinal(first).path("status").asString()).isEqualTo("loaded");
    long users = count("SELECT count(*) FROM iso_check.users");
    assertThat(users).isPositive();
    // An operator's constraint that every row the next load inserts violates.
    jdbc.execute(
        "ALTER TABLE iso_check.users ADD CONSTRAINT operator_rule CHECK (false) NOT VALID");

    String loadId = start(tenant, ALL);
    JsonNode partial = awaitFinal(loadId);
    assertThat(partial.path("status").asString()).as(partial.toString()).isEqualTo("partial");
    assertThat(partial.path("error").asString())
        .startsWith("resource(s) failed, the others committed: users: ")
        .contains("operator_rule")
        .contains("SQL state 23514")
        .contains("statement INSERT")
        .doesNotContain("flows:")
        .doesNotContain("audit_events:");
    Map<String, String> tableStatus = new TreeMap<>();
    partial
        .path("tables")
        .forEach(t -> tableStatus.put(t.path("table").asString(), t.path("status").asString()));
    assertThat(tableStatus).containsEntry("users", "failed").containsEntry("flows", "loaded");
    assertThat(tableStatus).containsEntry("audit_events", "loaded");

    // The others committed: their rows, cursors and _dlt_loads row.
    Map<String, List<String>> now = rows(tenant);
    assertThat(now.get("flows")).isEqualTo(reference.get("flows"));
    assertThat(now.get("audit_events")).isEqualTo(reference.get("audit_events"));
    assertThat(
            jdbc.queryForList(
                "SELECT DISTINCT resource FROM flowloader.cursor_state WHERE tenant = ?",
                String.class,
                tenant))
        .contains("flows", "audit_events")
        .doesNotContain("users");
    assertThat(count("SELECT count(*) FROM iso_check._dlt_loads WHERE load_id = '" + loadId + "'"))
        .isEqualTo(1);
    // users untouched: the first load's rows, no row of this load.
    assertThat(count("SELECT count(*) FROM iso_check.users")).isEqualTo(users);
    assertThat(jdbc.queryForList("SELECT DISTINCT _dlt_load_id FROM iso_check.users", String.class))
        .containsExactly(first);
    // The staging schema stays for the next load, emptied (the failed resource's rows too).
    String staging =
        jdbc.queryForObject(
            "SELECT staging_schema FROM flowloader.load_package WHERE load_id = ?",
            String.class,
            loadId);
    for (String table :
        jdbc.queryForList(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
            String.class,
            staging)) {
      assertThat(count("SELECT count(*) FROM \"" + staging + "\".\"" + table + "\""))
          .as("staged rows left in %s", table)
          .isZero();
    }
    assertThat(failingLoads(tenant, "users")).isEqualTo(1.0);
    assertThat(failingLoads(tenant, "flows")).isZero();

    // The cause removed, the next load loads users; the dataset equals a clean load's.
    jdbc.execute("ALTER TABLE iso_check.users DROP CONSTRAINT operator_rule");
    String next = start(tenant, ALL);
    JsonNode done = awaitFinal(next);
    assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("loaded");
    assertThat(jdbc.queryForList("SELECT DISTINCT _dlt_load_id FROM iso_check.users", String.class))
        .containsExactly(next);
    assertThat(rows(tenant)).isEqualTo(reference);
    assertThat(failingLoads(tenant, "users")).isZero();
  }
}
