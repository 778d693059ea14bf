package io.flowloader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.support.SimulatorSupport;
import io.flowloader.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code flowloader.on-resource-failure: fail-load}: the database error on one resource's table
 * that {@link TableIsolationIntegrationTests} isolates fails the whole load instead; nothing of it
 * is committed, no cursor moves, and the next load (the cause removed) loads everything.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "flowloader.api.tokens=" + ApiLoads.TOKEN,
      "flowloader.http.requests-per-second=500",
      "flowloader.on-resource-failure=fail-load"
    })
class TableFailLoadIntegrationTests extends ApiLoads {

  private static final String ALL = "[\"flows\",\"users\",\"audit_events\"]";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry);
    SimulatorSupport.tenant(
        registry, 0, "failload", SimulatorSupport.ACME_ID, SimulatorSupport.ACME_KEY, "failload");
  }

  @Test
  void aConstraintViolationInOneTableFailsTheWholeLoad() throws Exception {
    String first = start("failload", "[\"users\"]");
    assertThat(awaitFinal(first).path("status").asString()).isEqualTo("loaded");
    jdbc.execute("ALTER TABLE failload.users ADD CONSTRAINT operator_rule CHECK (false) NOT VALID");

    String loadId = start("failload", ALL);
    JsonNode failed = awaitFinal(loadId);
    assertThat(failed.path("status").asString()).as(failed.toString()).isEqualTo("failed");
    assertThat(failed.path("error").asString())
        .contains("operator_rule")
        .contains("SQL state 23514")
        .contains("statement INSERT");
    assertThat(
            count(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'failload'"
                    + " AND table_name IN ('flows', 'audit_events')"))
        .isZero();
    assertThat(count("SELECT count(*) FROM flowloader.cursor_state WHERE tenant = 'failload'"))
        .isZero();
    assertThat(count("SELECT count(*) FROM failload._dlt_loads WHERE load_id = '" + loadId + "'"))
        .isZero();

    jdbc.execute("ALTER TABLE failload.users DROP CONSTRAINT operator_rule");
    JsonNode done = awaitFinal(start("failload", ALL));
    assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("loaded");
    assertThat(count("SELECT count(*) FROM failload.flows")).isPositive();
  }
}
