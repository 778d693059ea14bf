package io.flowloader.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.boomiflow.simulator.SimulatorServer;
import io.boomiflow.simulator.SimulatorTenants;
import io.flowloader.source.SourceDefinition;
import io.flowloader.source.SourceDefinitionLoader;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;

/**
 * A 100k-state, 500k-event tenant is paged through completely: every record exactly once. A user
 * layer raises the page size to the simulator's cap, as an operator would.
 */
class SimulatorVolumeIT {

  @Test
  void hundredThousandStatesAndHalfAMillionEventsArrivePagedThrough() {
    String bigPages =
        """
        resources:
          - name: states
            endpoint:
              params: {pageSize: 200}
          - name: audit_events
            endpoint:
              params: {pageSize: 200}
        """;
    SourceDefinition source =
        SourceDefinitionLoader.load(
            new ClassPathResource(SourceDefinitionLoader.BOOMI_FLOW),
            new ByteArrayResource(bigPages.getBytes(), "big pages"));
    try (SimulatorServer sim =
        SimulatorServer.start(
            Map.of(
                "simulator.tenants.acme.states", 100_000,
                "simulator.tenants.acme.audit-events", 500_000))) {
      Set<String> states = new HashSet<>();
      Set<String> events = new HashSet<>();
      long[] delivered = new long[2];
      RecordSink sink =
          new RecordSink() {
            @Override
            public void record(String resource, JsonNode record) {
              boolean state = resource.equals("states");
              delivered[state ? 0 : 1]++;
              (state ? states : events).add(record.get("id").asString());
            }

            @Override
            public void resourceCompleted(String resource, long count, ResourceCursor cursor) {}
          };
      new Extractor(source, new RateLimiters())
          .extract(
              new ExtractRequest(
                  SimulatorTenants.ACME,
                  SimulatorTenants.ACME_ID,
                  Secret.of(SimulatorTenants.ACME_KEY),
                  sim.baseUrl(),
                  Set.of("states", "audit_events"),
                  Map.of(),
                  ExtractOptions.defaults()
                      .withRequestsPerSecond(500)
                      .withRetries(
                          5, Duration.ofMinutes(2), Duration.ofMillis(50), Duration.ofSeconds(1))),
              sink);
      assertThat(delivered[0]).isEqualTo(100_000);
      assertThat(states).hasSize(100_000);
      assertThat(delivered[1]).isEqualTo(500_000);
      assertThat(events).hasSize(500_000);
    }
  }
}
