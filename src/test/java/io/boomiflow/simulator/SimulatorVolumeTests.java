package io.boomiflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A 100k-state tenant paged through the envelope returns every state exactly once, also while the
 * data mutates; faults from configuration are active at startup.
 */
class SimulatorVolumeTests extends SimulatorTestBase {

  @Test
  void pagingA100kStateTenantReturnsEveryStateExactlyOnce() throws Exception {
    int total =
        client.globex("/api/admin/1/states?pageSize=1").json().get("_meta").get("total").asInt();
    assertThat(total).isEqualTo(100_000);
    List<String> ids = new ArrayList<>();
    for (int page = 1; ; page++) {
      int before = ids.size();
      // states sit at depth 3 ({ items [ {), their own "id" there
      client.collect(
          "/api/admin/1/states?pageSize=1000&page=" + page,
          SimulatorTenants.GLOBEX_KEY,
          SimulatorTenants.GLOBEX_ID,
          ids,
          3,
          "id");
      if (ids.size() == before) {
        break;
      }
      assertThat(ids.size() - before).isEqualTo(page <= 100 ? 1000 : 0);
    }
    assertThat(ids).hasSize(total);
    assertThat(new HashSet<>(ids)).hasSize(total);
  }

  @Test
  void pagingWhileStatesChangeStillReturnsEveryOriginalStateOnce() {
    Set<String> ids = new HashSet<>();
    int items = 0;
    for (int page = 1; page <= 10; page++) {
      JsonNode body = client.globex("/api/admin/1/states?pageSize=1000&page=" + page).json();
      body.get("items").forEach(s -> ids.add(s.get("id").asString()));
      items += body.get("items").size();
      server.control().tick(SimulatorTenants.GLOBEX, 5); // modified and new states between pages
    }
    assertThat(items).isEqualTo(10_000);
    assertThat(ids).hasSize(10_000);
  }

  @Test
  void configuredFaultsAreActiveFromStartup() {
    assertThat(client.globex("/api/admin/1/tenant/runtimes").status()).isEqualTo(503);
    assertThat(client.globex("/api/admin/1/tenant/runtimes").status()).isEqualTo(503);
    assertThat(client.globex("/api/admin/1/tenant/runtimes").status()).isEqualTo(200);
    assertThat(server.control().requests())
        .filteredOn(e -> "tenant-runtimes".equals(e.endpoint()))
        .extracting(RequestLogEntry::fault)
        .containsExactly("HTTP_503", "HTTP_503", null);
  }
}
