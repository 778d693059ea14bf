package io.boomiflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Each fault kind happens as configured, over real HTTP, and the request log shows it. */
class SimulatorFaultTests extends SimulatorTestBase {

  private static SimulatorControl control() {
    return server.control();
  }

  private static List<RequestLogEntry> log(String endpoint) {
    return control().requests().stream().filter(e -> endpoint.equals(e.endpoint())).toList();
  }

  @Test
  void http429WithRetryAfterSecondsThenSuccess() {
    control()
        .addFault(FaultSpec.of("acme", "users", FaultKind.HTTP_429).withRetryAfter("seconds", 2));
    SimClient.Result limited = client.acme("/api/admin/1/users");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).contains("2");
    assertThat(client.acme("/api/admin/1/users").status()).isEqualTo(200);
    assertThat(log("users"))
        .extracting(RequestLogEntry::status, RequestLogEntry::fault)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(429, "HTTP_429"),
            org.assertj.core.groups.Tuple.tuple(200, null));
    assertThat(log("users").get(0).tenant()).isEqualTo("acme");
  }

  @Test
  void http429WithAnHttpDateAndWithoutRetryAfter() {
    control()
        .addFault(
            FaultSpec.of("acme", "states", FaultKind.HTTP_429).withRetryAfter("http-date", 3));
    control()
        .addFault(FaultSpec.of("acme", "states", FaultKind.HTTP_429).withRetryAfter("none", 0));
    SimClient.Result dated = client.acme("/api/admin/1/states");
    assertThat(dated.status()).isEqualTo(429);
    ZonedDateTime until =
        ZonedDateTime.parse(
            dated.headers().firstValue("Retry-After").orElseThrow(),
            DateTimeFormatter.RFC_1123_DATE_TIME);
    assertThat(until).isAfter(ZonedDateTime.now().plusSeconds(2));
    SimClient.Result bare = client.acme("/api/admin/1/states");
    assertThat(bare.status()).isEqualTo(429);
    assertThat(bare.headers().firstValue("Retry-After")).isEmpty();
    assertThat(client.acme("/api/admin/1/states").status()).isEqualTo(200);
    assertThat(log("states")).extracting(RequestLogEntry::status).containsExactly(429, 429, 200);
  }

  @Test
  void http503WithAndWithoutRetryAfter() {
    control().addFault(FaultSpec.of("acme", "audit", FaultKind.HTTP_503));
    control()
        .addFault(FaultSpec.of("acme", "audit", FaultKind.HTTP_503).withRetryAfter("seconds", 5));
    SimClient.Result plain = client.acme("/api/audit/1/search");
    assertThat(plain.status()).isEqualTo(503);
    assertThat(plain.headers().firstValue("Retry-After")).isEmpty();
    SimClient.Result withHeader = client.acme("/api/audit/1/search");
    assertThat(withHeader.status()).isEqualTo(503);
    assertThat(withHeader.headers().firstValue("Retry-After")).contains("5");
    assertThat(client.acme("/api/audit/1/search").status()).isEqualTo(200);
    assertThat(log("audit"))
        .extracting(RequestLogEntry::fault)
        .containsExactly("HTTP_503", "HTTP_503", null);
  }

  @Test
  void consecutive5xxWithEachErrorBodyThenRecovery() {
    control().addFault(FaultSpec.of("acme", "flows", FaultKind.HTTP_5XX).withCount(2));
    control().addFault(FaultSpec.of("acme", "flows", FaultKind.HTTP_5XX).withBody("api-problem"));
    control()
        .addFault(FaultSpec.of("acme", "flows", FaultKind.HTTP_5XX).withBody("api-problem-int"));
    control()
        .addFault(
            FaultSpec.of("acme", "flows", FaultKind.HTTP_5XX).withStatus(504).withBody("empty"));
    SimClient.Result first = client.acme("/api/draw/1/flow");
    assertThat(first.status()).isEqualTo(500);
    assertThat(first.json().isString()).isTrue();
    assertThat(client.acme("/api/draw/1/flow").status()).isEqualTo(500);
    JsonNode problem = client.acme("/api/draw/1/flow").json();
    assertThat(problem.get("kind").asString()).isEqualTo("api");
    assertThat(problem.get("statusCode").asInt()).isEqualTo(500);
    assertThat(problem.get("message").asString()).isNotBlank();
    assertThat(client.acme("/api/draw/1/flow").json().get("kind").isInt()).isTrue();
    SimClient.Result empty = client.acme("/api/draw/1/flow");
    assertThat(empty.status()).isEqualTo(504);
    assertThat(empty.body()).isEmpty();
    assertThat(client.acme("/api/draw/1/flow").status()).isEqualTo(200);
    assertThat(log("flows"))
        .extracting(RequestLogEntry::status)
        .containsExactly(500, 500, 500, 500, 504, 200);
  }

  @Test
  void plainTextErrorBody() {
    control().addFault(FaultSpec.of("acme", "user-keys", FaultKind.HTTP_5XX).withBody("text"));
    SimClient.Result text = client.acme("/api/admin/1/users/me/keys");
    assertThat(text.status()).isEqualTo(500);
    assertThat(text.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(text.body()).startsWith("An unexpected error occurred");
  }

  @Test
  void failureOnPageKOnly() {
    control().addFault(FaultSpec.of("acme", "states", FaultKind.HTTP_5XX).withPage(3));
    assertThat(client.acme("/api/admin/1/states?page=1").status()).isEqualTo(200);
    assertThat(client.acme("/api/admin/1/states?page=2").status()).isEqualTo(200);
    assertThat(client.acme("/api/admin/1/states?page=3").status()).isEqualTo(500);
    assertThat(client.acme("/api/admin/1/states?page=3").status()).isEqualTo(200);
    assertThat(log("states"))
        .extracting(RequestLogEntry::status)
        .containsExactly(200, 200, 500, 200);
  }

  @Test
  void gatewayErrorsCarryHtml() {
    control().addFault(FaultSpec.of("acme", "graph", FaultKind.GATEWAY_HTML));
    control().addFault(FaultSpec.of("acme", "graph", FaultKind.GATEWAY_HTML).withStatus(504));
    String flow = client.acmeJson("/api/draw/1/flow").get(1).get("id").get("id").asString();
    SimClient.Result bad = client.acme("/api/draw/1/graph/flow/" + flow);
    assertThat(bad.status()).isEqualTo(502);
    assertThat(bad.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(bad.body()).contains("<html>").contains("502 Bad Gateway");
    SimClient.Result timeout = client.acme("/api/draw/1/graph/flow/" + flow);
    assertThat(timeout.status()).isEqualTo(504);
    assertThat(timeout.body()).contains("504 Gateway Time-out");
    assertThat(log("graph"))
        .extracting(RequestLogEntry::fault)
        .containsExactly("GATEWAY_HTML", "GATEWAY_HTML");
  }

  @Test
  void faultsAreScopedToTheirTenant() {
    control().addFault(FaultSpec.of("globex", "*", FaultKind.HTTP_5XX).withCount(0));
    assertThat(client.acme("/api/admin/1/users").status()).isEqualTo(200);
    assertThat(client.globex("/api/admin/1/users").status()).isEqualTo(500);
    assertThat(client.globex("/api/draw/1/flow").status()).isEqualTo(500);
  }

  @Test
  void truncatedBodyIsDetectableByTheClient() {
    control().addFault(FaultSpec.of("acme", "flows", FaultKind.TRUNCATED_BODY).withAfterBytes(700));
    SimClient.Result cut = client.acme("/api/draw/1/flow");
    assertThat(cut.status()).isEqualTo(200);
    assertThat(cut.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(700);
    assertThatThrownBy(cut::json).isInstanceOf(tools.jackson.core.JacksonException.class);
    assertThat(client.acme("/api/draw/1/flow").json().size()).isEqualTo(60);
    assertThat(log("flows"))
        .extracting(RequestLogEntry::fault)
        .containsExactly("TRUNCATED_BODY", null);
  }

  @Test
  void connectionResetMidBody() {
    control()
        .addFault(FaultSpec.of("acme", "audit", FaultKind.CONNECTION_RESET).withAfterBytes(20_000));
    assertThatThrownBy(
            () ->
                client.send(
                    "/api/audit/1/search?pageSize=200",
                    SimulatorTenants.ACME_KEY,
                    SimulatorTenants.ACME_ID))
        .isInstanceOf(IOException.class);
    assertThat(client.acme("/api/audit/1/search?pageSize=200").json().get("items").size())
        .isEqualTo(200);
    assertThat(log("audit"))
        .extracting(RequestLogEntry::fault)
        .containsExactly("CONNECTION_RESET", null);
  }

  @Test
  void slowFirstByte() {
    control()
        .addFault(
            FaultSpec.of("acme", "tenant-runtimes", FaultKind.SLOW_FIRST_BYTE).withTiming(1500, 0));
    long start = System.nanoTime();
    SimClient.Result slow = client.acme("/api/admin/1/tenant/runtimes");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(slow.status()).isEqualTo(200);
    assertThat(slow.json().size()).isEqualTo(3);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    assertThat(log("tenant-runtimes").get(0).millis()).isGreaterThanOrEqualTo(1500);
    assertThat(log("tenant-runtimes").get(0).fault()).isEqualTo("SLOW_FIRST_BYTE");
  }

  @Test
  void slowDripTricklesTheWholeBody() {
    control()
        .addFault(
            FaultSpec.of("acme", "organization-runtimes", FaultKind.SLOW_DRIP)
                .withTiming(100, 200));
    long start = System.nanoTime();
    SimClient.Result drip = client.acme("/api/admin/1/organization/runtimes");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    int chunks = (drip.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 199) / 200;
    assertThat(chunks).isGreaterThanOrEqualTo(4);
    assertThat(drip.json().size()).isEqualTo(4);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(100L * (chunks - 1)));
    assertThat(log("organization-runtimes").get(0).fault()).isEqualTo("SLOW_DRIP");
  }

  @Test
  void tokenBucketRateLimitsAndRecovers() throws Exception {
    control().addFault(FaultSpec.of("acme", "*", FaultKind.TOKEN_BUCKET).withBucket(0.5, 3));
    List<Integer> statuses = new java.util.ArrayList<>();
    SimClient.Result limited = null;
    while (limited == null && statuses.size() < 10) {
      SimClient.Result r = client.acme("/api/admin/1/tenant/runtimes");
      statuses.add(r.status());
      limited = r.status() == 429 ? r : null;
    }
    assertThat(statuses).startsWith(200, 200, 200).endsWith(429);
    long wait = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
    assertThat(wait).isBetween(1L, 2L);
    Thread.sleep(wait * 1000);
    assertThat(client.acme("/api/admin/1/tenant/runtimes").status()).isEqualTo(200);
    assertThat(log("tenant-runtimes"))
        .filteredOn(e -> e.status() == 429)
        .allMatch(e -> "TOKEN_BUCKET".equals(e.fault()));
    // the other tenant has its own budget
    assertThat(client.globex("/api/admin/1/users").status()).isEqualTo(200);
  }

  @Test
  void tokenBucketCanAnswer503() {
    control()
        .addFault(
            FaultSpec.of("acme", "users", FaultKind.TOKEN_BUCKET)
                .withBucket(0.5, 1)
                .withStatus(503));
    assertThat(client.acme("/api/admin/1/users").status()).isEqualTo(200);
    SimClient.Result second = client.acme("/api/admin/1/users");
    assertThat(second.status()).isEqualTo(503);
    assertThat(second.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void schemaDriftUnknownDroppedNullArraysAndRetypedFields() {
    control()
        .addFault(
            FaultSpec.of("acme", "flows", FaultKind.SCHEMA_DRIFT)
                .withDrift(
                    true, List.of("tags", "identityProvider"), false, List.of("isActive"), false));
    JsonNode drifted = client.acmeJson("/api/draw/1/flow").get(0);
    assertThat(drifted.has("restrictions")).isTrue();
    assertThat(drifted.get("sourceRegion").asString()).isEqualTo("eu-west-1");
    assertThat(drifted.has("tags")).isFalse();
    assertThat(drifted.has("identityProvider")).isFalse();
    assertThat(drifted.get("isActive").isString()).isTrue();
    JsonNode normal = client.acmeJson("/api/draw/1/flow").get(0);
    assertThat(normal.has("restrictions")).isFalse();
    assertThat(normal.get("isActive").isBoolean()).isTrue();

    String flow = normal.get("id").get("id").asString();
    control()
        .addFault(
            FaultSpec.of("acme", "graph", FaultKind.SCHEMA_DRIFT)
                .withDrift(false, null, true, null, false));
    JsonNode graph = client.acmeJson("/api/draw/1/graph/flow/" + flow);
    assertThat(graph.get("mapElements").isNull()).isTrue();

    control()
        .addFault(
            FaultSpec.of("acme", "audit", FaultKind.SCHEMA_DRIFT)
                .withDrift(false, null, false, null, true));
    JsonNode legacy = client.acmeJson("/api/audit/1/search?pageSize=100").get("items");
    assertThat(legacy.get(0).has("tenant")).isTrue();
    assertThat(legacy.get(0).has("tenantId")).isFalse();
    assertThat(legacy.get(0).has("userId")).isFalse();
    assertThat(legacy.get(0).has("state")).isTrue();
    assertThat(log("audit").get(0).fault()).isEqualTo("SCHEMA_DRIFT");
  }

  @Test
  void faultsStackAndCountSkips() {
    long id =
        control()
            .addFault(FaultSpec.of("acme", "users", FaultKind.HTTP_5XX).withSkip(1).withCount(2));
    assertThat(client.acme("/api/admin/1/users").status()).isEqualTo(200);
    assertThat(client.acme("/api/admin/1/users").status()).isEqualTo(500);
    assertThat(client.acme("/api/admin/1/users").status()).isEqualTo(500);
    assertThat(client.acme("/api/admin/1/users").status()).isEqualTo(200);
    assertThat(control().faults())
        .filteredOn(f -> f.get("id").equals(id))
        .singleElement()
        .satisfies(f -> assertThat(f.get("matched")).isEqualTo(4L));
  }
}
