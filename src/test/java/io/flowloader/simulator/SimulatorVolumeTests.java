package io.flowloader.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A 100k-state tenant paged through the envelope returns every state exactly once, also while the
 * data mutates; faults from configuration are active at startup.
 */
class SimulatorVolumeTests {

  static SimulatorServer server;
  static SimClient client;

  @BeforeAll
  static void start() {
    server = SharedSimulator.get();
    client = new SimClient(server.baseUrl());
  }


  @BeforeEach
  void reset() {
    server.control().reset();
  }

  @Test
  void pagingA100kStateTenantReturnsEveryStateExactlyOnce() {
    Set<String> ids = new HashSet<>();
    int total = -1;
    int items = 0;
    for (int page = 1; ; page++) {
      JsonNode body = client.globex("/api/admin/1/states?pageSize=1000&page=" + page).json();
      total = body.get("_meta").get("total").asInt();
      assertThat(body.get("_meta").get("pageSize").asInt()).isEqualTo(1000);
      if (body.get("items").isEmpty()) {
        break;
      }
      for (JsonNode s : body.get("items")) {
        ids.add(s.get("id").asString());
        items++;
      }
    }
    assertThat(total).isEqualTo(100_000);
    assertThat(items).isEqualTo(total);
    assertThat(ids).hasSize(total);
  }

  @Test
  void pagingWhileStatesChangeStillReturnsEveryOriginalStateOnce() {
    Set<String> ids = new HashSet<>();
    int items = 0;
    for (int page = 1; page <= 20; page++) {
      JsonNode body = client.globex("/api/admin/1/states?pageSize=1000&page=" + page).json();
      body.get("items").forEach(s -> ids.add(s.get("id").asString()));
      items += body.get("items").size();
      server.control().tick(SimulatorTenants.GLOBEX, 5); // modified and new states between pages
    }
    assertThat(items).isEqualTo(20_000);
    assertThat(ids).hasSize(20_000);
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
