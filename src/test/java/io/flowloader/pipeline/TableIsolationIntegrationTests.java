package io.flowloader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.support.SimulatorSupport;
import io.flowloader.support.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
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
      "flowloader.api.tokens=isolation-token",
      "flowloader.http.requests-per-second=500"
    })
class TableIsolationIntegrationTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> LINEAGE =
      List.of("_dlt_id", "_dlt_load_id", "_dlt_parent_id", "_dlt_root_id");
  private static final String ALL = "[\"flows\",\"users\",\"audit_events\"]";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry);
    SimulatorSupport.tenant(
        registry, 0, "iso_ref", SimulatorSupport.ACME_ID, SimulatorSupport.ACME_KEY, "iso_ref");
    SimulatorSupport.tenant(
        registry, 1, "iso_check", SimulatorSupport.ACME_ID, SimulatorSupport.ACME_KEY, "iso_check");
  }

  @LocalServerPort int port;
  @Autowired MeterRegistry meters;
  @Autowired JdbcTemplate jdbc;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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
    assertThat(
            count(
                "SELECT count(*) FROM pg_namespace WHERE nspname = 'flowloader_stg_' ||"
                    + " (SELECT id FROM flowloader.load_package WHERE load_id = '"
                    + loadId
                    + "')"))
        .as("staging dropped")
        .isZero();
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

  private long count(String sql) {
    return jdbc.queryForObject(sql, Long.class);
  }

  private double failingLoads(String tenant, String resource) {
    var gauge =
        meters
            .find("flowloader.resource.failing.loads")
            .tag("tenant", tenant)
            .tag("resource", resource)
            .gauge();
    return gauge == null ? 0 : gauge.value();
  }

  private String start(String tenant, String resources) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      HttpResponse<String> r =
          send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/loads"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"tenant\":\"" + tenant + "\",\"resources\":" + resources + "}")));
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
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
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
            .header("Authorization", "Bearer isolation-token")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The dataset's rows per table, without lineage columns (random ids, load ids), sorted. */
  private Map<String, List<String>> rows(String dataset) {
    Map<String, List<String>> out = new TreeMap<>();
    String without = LINEAGE.stream().map(c -> " - '" + c + "'").collect(Collectors.joining());
    for (String table :
        jdbc.queryForList(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                + " AND table_name NOT LIKE '\\_dlt\\_%'",
            String.class, dataset)) {
      List<String> r =
          new ArrayList<>(
              jdbc.queryForList(
                  "SELECT (to_jsonb(t)"
                      + without
                      + ")::text FROM \""
                      + dataset
                      + "\".\""
                      + table
                      + "\" t",
                  String.class));
      r.sort(null);
      out.put(table, r);
    }
    return out;
  }
}
