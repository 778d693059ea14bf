package io.flowloader.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.boomiflow.simulator.FaultKind;
import io.boomiflow.simulator.FaultSpec;
import io.boomiflow.simulator.RequestLogEntry;
import io.boomiflow.simulator.SimulatorServer;
import io.boomiflow.simulator.SimulatorTenants;
import io.flowloader.source.SourceDefinition;
import io.flowloader.source.SourceDefinitionLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The built-in Boomi Flow source against the simulator: every resource yields exactly the
 * simulator's records, and the simulator's request log shows the retry and pacing behaviour.
 */
class SimulatorExtractIT {

  static SimulatorServer sim;
  static final SourceDefinition SOURCE = SourceDefinitionLoader.loadBuiltIn();
  static final ExtractOptions QUICK =
      ExtractOptions.defaults()
          .withRequestsPerSecond(200)
          .withRetries(5, Duration.ofMinutes(1), Duration.ofMillis(20), Duration.ofMillis(200));

  @BeforeAll
  static void start() {
    sim = SimulatorServer.start();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @BeforeEach
  void reset() {
    sim.control().reset();
  }

  static CollectingSink extract(
      Set<String> resources, Map<String, ResourceCursor> cursors, ExtractOptions options) {
    CollectingSink sink = new CollectingSink();
    new Extractor(SOURCE, new RateLimiters())
        .extract(
            new ExtractRequest(
                SimulatorTenants.ACME,
                SimulatorTenants.ACME_ID,
                Secret.of(SimulatorTenants.ACME_KEY),
                sim.baseUrl(),
                resources,
                cursors,
                options),
            sink);
    assertThat(sink.overlapped).isFalse();
    return sink;
  }

  /** Counts a bare array with a plain client, independently of the extractor. */
  static int arrayLength(String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                    .header("x-boomi-flow-api-key", SimulatorTenants.ACME_KEY)
                    .header("manywhotenant", SimulatorTenants.ACME_ID)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return Extractor.JSON.readTree(response.body()).size();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> acmeSummary() {
    List<Map<String, Object>> tenants =
        (List<Map<String, Object>>) sim.control().status().get("tenants");
    return tenants.stream().filter(t -> "acme".equals(t.get("name"))).findFirst().orElseThrow();
  }

  static long distinct(List<JsonNode> records, String path) {
    Set<String> ids = new HashSet<>();
    records.forEach(r -> ids.add(io.flowloader.source.JsonPath.parse(path).selectText(r)));
    return ids.size();
  }

  @Test
  void everyBuiltInResourceYieldsExactlyTheSimulatorsRecords() throws Exception {
    Map<String, Object> summary = acmeSummary();
    Set<String> all =
        Set.of(
            "flows",
            "flow",
            "flow_active",
            "graph_flow",
            "runtimes",
            "organization_runtimes",
            "users",
            "api_keys",
            "states",
            "audit_events",
            "translations");
    CollectingSink sink = extract(all, Map.of(), QUICK);

    int flows = ((Number) summary.get("flows")).intValue();
    assertThat(sink.of("flows")).hasSize(flows);
    assertThat(distinct(sink.of("flows"), "id.id")).isEqualTo(flows);
    assertThat(sink.of("flow")).hasSize(flows);
    assertThat(sink.of("graph_flow")).hasSize(flows);
    assertThat(sink.of("runtimes")).hasSize(((Number) summary.get("runtimes")).intValue());
    assertThat(sink.of("users")).hasSize(((Number) summary.get("users")).intValue());
    assertThat(distinct(sink.of("users"), "id")).isEqualTo(sink.of("users").size());
    int states = ((Number) summary.get("states")).intValue();
    assertThat(sink.of("states")).hasSize(states);
    assertThat(distinct(sink.of("states"), "id")).isEqualTo(states);
    int events = ((Number) summary.get("auditEvents")).intValue();
    assertThat(sink.of("audit_events")).hasSize(events);
    assertThat(distinct(sink.of("audit_events"), "id")).isEqualTo(events);
    assertThat(sink.of("flow_active")).hasSize(arrayLength("/api/draw/1/flow/active"));
    assertThat(sink.of("translations")).hasSize(arrayLength("/api/translate/1/flow"));
    assertThat(sink.of("organization_runtimes"))
        .hasSize(arrayLength("/api/admin/1/organization/runtimes"));
    assertThat(sink.of("api_keys")).hasSize(arrayLength("/api/admin/1/users/me/keys"));
    assertThat(sink.of("api_keys")).allMatch(k -> !k.has("apiKey") && k.has("apiKeyFingerprint"));
    assertThat(sink.of("api_keys").toString()).doesNotContain(SimulatorTenants.ACME_KEY);
    assertThat(sink.completed.keySet()).containsExactlyInAnyOrderElementsOf(all);

    // Audit events arrive in ascending occurredAt order (ascending windows, ascending pages).
    List<JsonNode> audit = sink.of("audit_events");
    for (int i = 1; i < audit.size(); i++) {
      assertThat(
              CursorTracker.compare(
                  CursorTracker.normalise(audit.get(i - 1).get("occurredAt").asString()),
                  CursorTracker.normalise(audit.get(i).get("occurredAt").asString())))
          .isLessThanOrEqualTo(0);
    }

    // A second load with the committed cursors: nothing changed, so no flow and no graph.
    sim.control().clearRequests();
    CollectingSink again =
        extract(Set.of("flows", "graph_flow", "audit_events"), sink.cursors, QUICK);
    assertThat(again.of("flows")).isEmpty();
    assertThat(again.of("graph_flow")).isEmpty();
    assertThat(sim.control().requests()).noneMatch(e -> "graph".equals(e.endpoint()));
    assertThat(again.cursors.get("graph_flow")).isEqualTo(sink.cursors.get("graph_flow"));
    assertThat(again.of("audit_events")).isEmpty();

    // One flow gets a new version: exactly its graph is fetched again.
    sim.control().tick("acme", 1);
    sim.control().clearRequests();
    CollectingSink third = extract(Set.of("flows", "graph_flow"), again.cursors, QUICK);
    assertThat(third.of("flows")).isNotEmpty();
    assertThat(third.of("graph_flow")).hasSize(third.of("flows").size());
  }

  private static List<RequestLogEntry> log(String endpoint) {
    return sim.control().requests().stream().filter(e -> endpoint.equals(e.endpoint())).toList();
  }

  private static long millis(RequestLogEntry a, RequestLogEntry b) {
    return Duration.between(a.at(), b.at()).toMillis();
  }

  @Test
  void retryAfterInBothFormsIsHonouredInTheRequestLog() {
    sim.control()
        .addFault(FaultSpec.of("acme", "users", FaultKind.HTTP_429).withRetryAfter("seconds", 2));
    CollectingSink sink = extract(Set.of("users"), Map.of(), QUICK);
    assertThat(sink.of("users")).hasSize(((Number) acmeSummary().get("users")).intValue());
    List<RequestLogEntry> users = log("users");
    assertThat(users.get(0).status()).isEqualTo(429);
    assertThat(millis(users.get(0), users.get(1))).isGreaterThanOrEqualTo(2000);

    sim.control().reset();
    sim.control()
        .addFault(FaultSpec.of("acme", "users", FaultKind.HTTP_429).withRetryAfter("http-date", 3));
    extract(Set.of("users"), Map.of(), QUICK);
    users = log("users");
    assertThat(users.get(0).status()).isEqualTo(429);
    assertThat(millis(users.get(0), users.get(1))).isGreaterThanOrEqualTo(2000);
  }

  @Test
  void throttling503AndFiveConsecutive500sAreRetriedToCompletion() {
    sim.control().addFault(FaultSpec.of("acme", "flows", FaultKind.HTTP_503));
    sim.control()
        .addFault(FaultSpec.of("acme", "states", FaultKind.HTTP_5XX).withCount(5).withPage(2));
    CollectingSink sink = extract(Set.of("flows", "states"), Map.of(), QUICK);
    assertThat(sink.of("flows")).hasSize(((Number) acmeSummary().get("flows")).intValue());
    assertThat(sink.of("states")).hasSize(((Number) acmeSummary().get("states")).intValue());
    assertThat(log("states").stream().filter(e -> e.status() == 500)).hasSize(5);
    assertThat(sink.retries).contains("503").filteredOn("5xx"::equals).hasSize(5);
  }

  @Test
  void truncatedBodiesAndResetsAreRetriedNeverHalfUsed() {
    sim.control()
        .addFault(FaultSpec.of("acme", "flows", FaultKind.TRUNCATED_BODY).withAfterBytes(3000));
    sim.control()
        .addFault(
            FaultSpec.of("acme", "users", FaultKind.CONNECTION_RESET)
                .withAfterBytes(2000)
                .withPage(1));
    CollectingSink sink = extract(Set.of("flows", "users"), Map.of(), QUICK);
    int flows = ((Number) acmeSummary().get("flows")).intValue();
    assertThat(sink.of("flows")).hasSize(flows);
    assertThat(distinct(sink.of("flows"), "id.id")).isEqualTo(flows);
    assertThat(sink.of("users")).hasSize(((Number) acmeSummary().get("users")).intValue());
    assertThat(distinct(sink.of("users"), "id")).isEqualTo(sink.of("users").size());
    assertThat(sink.retries).contains("truncated");
  }

  @Test
  void anExhaustedBudgetFailsWithAClearMessage() {
    sim.control()
        .addFault(
            FaultSpec.of("acme", "users", FaultKind.HTTP_429)
                .withRetryAfter("seconds", 30)
                .withCount(0));
    ExtractOptions small =
        QUICK.withRetries(5, Duration.ofSeconds(5), Duration.ofMillis(20), Duration.ofMillis(200));
    assertThatThrownBy(() -> extract(Set.of("users"), Map.of(), small))
        .isInstanceOf(ExtractException.class)
        .hasMessageContaining("tenant acme, resource users: GET /api/admin/1/users")
        .hasMessageContaining("retry budget")
        .hasMessageContaining("HTTP 429")
        .hasMessageNotContaining(SimulatorTenants.ACME_KEY);
  }

  @Test
  void defaultPacingNeverExceedsFiveRequestsPerSecond() {
    extract(
        Set.of(
            "flows",
            "flow_active",
            "runtimes",
            "organization_runtimes",
            "users",
            "api_keys",
            "translations"),
        Map.of(),
        ExtractOptions.defaults());
    List<RequestLogEntry> entries = sim.control().requests();
    assertThat(entries.size()).as(entries.toString()).isGreaterThanOrEqualTo(6);
    for (int i = 5; i < entries.size(); i++) {
      // Any six consecutive requests span at least one second: never more than 5 per second.
      assertThat(millis(entries.get(i - 5), entries.get(i))).isGreaterThanOrEqualTo(1000);
    }
  }
}
