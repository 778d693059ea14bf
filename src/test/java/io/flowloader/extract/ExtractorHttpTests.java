package io.flowloader.extract;

import static io.flowloader.extract.FakeApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowloader.source.SourceDefinition;
import io.flowloader.source.SourceDefinitionLoader;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** HTTP behaviour against a MockWebServer: retries, Retry-After, pacing, errors, truncation. */
class ExtractorHttpTests {

  static final String KEY = "KEYSECRET0123456789abcdef0123456";
  static final String TENANT_ID = "0f4e5c2a-1b3d-4e5f-8a9b-0c1d2e3f4a5b";

  static final String CLIENT =
      """
      client:
        base_url: "{tenant.base_url}/api/"
        auth:
          type: api_key
          name: x-boomi-flow-api-key
          api_key: "{tenant.api_key}"
        headers:
          manywhotenant: "{tenant.tenant_id}"
        paginator: single_page
      """;

  static final ExtractOptions FAST =
      ExtractOptions.defaults()
          .withRequestsPerSecond(1000)
          .withRetries(5, Duration.ofSeconds(30), Duration.ofMillis(5), Duration.ofMillis(20));

  final FakeApi api = new FakeApi();
  final CollectingSink sink = new CollectingSink();

  @AfterEach
  void stop() {
    api.close();
  }

  static SourceDefinition source(String resources) {
    return SourceDefinitionLoader.load(CLIENT + "resources:\n" + resources, "test");
  }

  void run(SourceDefinition source, ExtractOptions options) {
    run(source, options, Map.of(), Set.of());
  }

  void run(
      SourceDefinition source,
      ExtractOptions options,
      Map<String, ResourceCursor> cursors,
      Set<String> resources) {
    extract(api, source, resources, cursors, options, sink);
  }

  /** Extracts {@code resources} of {@code source} from {@code api} as tenant acme into sink. */
  static void extract(
      FakeApi api,
      SourceDefinition source,
      Set<String> resources,
      Map<String, ResourceCursor> cursors,
      ExtractOptions options,
      CollectingSink sink) {
    new Extractor(source, new RateLimiters())
        .extract(
            new ExtractRequest(
                "acme", TENANT_ID, Secret.of(KEY), api.baseUrl(), resources, cursors, options),
            sink);
    assertThat(sink.overlapped).as("sink calls never overlap").isFalse();
  }

  static final String FLOWS =
      """
        - name: flows
          endpoint:
            path: draw/1/flow
      """;

  static final String USERS =
      """
        - name: users
          endpoint:
            path: admin/1/users
            params:
              pageSize: 2
            data_selector: items
            paginator:
              type: page_number
              base_page: 1
              total_path: _meta.total
              total_kind: items
      """;

  static String envelope(int total, String items) {
    return "{\"_meta\":{\"total\":"
        + total
        + ",\"pageSize\":2,\"page\":1},\"_links\":{\"next\":\"/api/admin/1/users?page=1\"},"
        + "\"items\":["
        + items
        + "]}";
  }

  @Test
  void sendsBoomiHeadersAndPagesTheEnvelopeByMetaTotal() {
    api.enqueue(
        json(envelope(5, "{\"id\":\"1\"},{\"id\":\"2\"}")),
        json(envelope(5, "{\"id\":\"3\"},{\"id\":\"4\"}")),
        json(envelope(5, "{\"id\":\"5\"}")));
    run(source(USERS), FAST);

    assertThat(sink.of("users"))
        .extracting(r -> r.get("id").asString())
        .containsExactly("1", "2", "3", "4", "5");
    assertThat(api.log).hasSize(3);
    assertThat(api.log)
        .extracting(FakeApi.Logged::target)
        .containsExactly(
            "/api/admin/1/users?pageSize=2&page=1",
            "/api/admin/1/users?pageSize=2&page=2",
            "/api/admin/1/users?pageSize=2&page=3");
    FakeApi.Logged first = api.log.get(0);
    assertThat(first.header("x-boomi-flow-api-key")).isEqualTo(KEY);
    assertThat(first.header("manywhotenant")).isEqualTo(TENANT_ID);
    assertThat(first.header("Accept")).isEqualTo("application/json");
    assertThat(sink.completed).containsEntry("users", 5L);
    assertThat(sink.pages).containsExactly(2, 2, 1);
  }

  /**
   * A body trickling in (64 bytes every 20 ms, each wait far within the read timeout) fails its
   * request once the total time per request has passed, naming that limit.
   */
  @Test
  void aTricklingBodyFailsAtTheTotalTimePerRequest() {
    StringBuilder big = new StringBuilder("[");
    for (int i = 0; i < 2000; i++) {
      big.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append('}');
    }
    api.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "application/json")
            .body(big.append(']').toString())
            .throttleBody(64, 20, java.util.concurrent.TimeUnit.MILLISECONDS)
            .build());
    assertThatThrownBy(() -> run(source(FLOWS), FAST.withRequestTimeout(Duration.ofSeconds(1))))
        .isInstanceOf(ExtractException.class)
        .hasMessageContaining("total time per request of PT1S")
        .hasMessageContaining("flowloader.http.request-timeout");
  }

  @Test
  void retryAfterSecondsIsHonoured() {
    api.enqueue(
        new MockResponse.Builder().code(429).setHeader("Retry-After", "2").build(),
        json("[{\"id\":1}]"));
    run(source(FLOWS), FAST);
    assertThat(api.log).hasSize(2);
    assertThat(api.millisBetween(0, 1)).isGreaterThanOrEqualTo(2000);
    assertThat(sink.retries).containsExactly("429");
    assertThat(sink.of("flows")).hasSize(1);
  }

  @Test
  void retryAfterHttpDateIsHonoured() {
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            Instant.now().plusSeconds(3).atOffset(ZoneOffset.UTC));
    api.enqueue(
        new MockResponse.Builder().code(429).setHeader("Retry-After", date).build(),
        json("[{\"id\":1}]"));
    run(source(FLOWS), FAST);
    assertThat(api.millisBetween(0, 1)).isGreaterThanOrEqualTo(2000);
  }

  @Test
  void serviceUnavailableIsThrottlingAndRetried() {
    api.enqueue(
        new MockResponse.Builder().code(503).setHeader("Retry-After", "1").build(),
        new MockResponse.Builder()
            .code(502)
            .setHeader("Content-Type", "text/html")
            .body("<html><title>502 Bad Gateway</title></html>")
            .build(),
        json("[{\"id\":1}]"));
    run(source(FLOWS), FAST);
    assertThat(api.millisBetween(0, 1)).isGreaterThanOrEqualTo(1000);
    assertThat(sink.retries).containsExactly("503", "5xx");
    assertThat(sink.of("flows")).hasSize(1);
  }

  @Test
  void fiveConsecutive500sThenRecovery() {
    for (int i = 0; i < 5; i++) {
      api.enqueue(json(500, "\"boom\""));
    }
    api.enqueue(json("[{\"id\":1},{\"id\":2}]"));
    run(source(FLOWS), FAST);
    assertThat(api.log).hasSize(6);
    assertThat(sink.retries).hasSize(5);
    assertThat(sink.completed).containsEntry("flows", 2L);
  }

  @Test
  void exhaustedRetriesAndBudgetFailClearly() {
    for (int i = 0; i < 3; i++) {
      api.enqueue(json(500, "{\"kind\":\"api\",\"message\":\"database unavailable\"}"));
    }
    ExtractOptions twoRetries =
        FAST.withRetries(2, Duration.ofSeconds(30), Duration.ofMillis(5), Duration.ofMillis(5));
    assertThatThrownBy(() -> run(source(FLOWS), twoRetries))
        .isInstanceOf(ExtractException.class)
        .hasMessageContaining("tenant acme, resource flows: GET /api/draw/1/flow")
        .hasMessageContaining("failed after 3 attempts")
        .hasMessageContaining("HTTP 500: database unavailable");

    api.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "30").build());
    long start = System.nanoTime();
    ExtractOptions smallBudget =
        FAST.withRetries(5, Duration.ofSeconds(1), Duration.ofMillis(5), Duration.ofMillis(5));
    assertThatThrownBy(() -> run(source(FLOWS), smallBudget))
        .isInstanceOf(ExtractException.class)
        .hasMessageContaining("retry budget of PT1S")
        .hasMessageContaining("HTTP 429")
        .hasMessageNotContaining(KEY);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void truncatedBodyIsRetriedAndNeverHalfUsed() {
    api.enqueue(
        json("[{\"id\":1},{\"id\":2},{\"i"),
        new MockResponse.Builder()
            .code(200)
            .body("[{\"id\":1},{\"id\":2},{\"id\":3},{\"id\":4}]" + " ".repeat(20000))
            .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
            .build(),
        json("[{\"id\":1},{\"id\":2},{\"id\":3}]"));
    run(source(FLOWS), FAST);
    assertThat(sink.of("flows")).extracting(r -> r.get("id").asInt()).containsExactly(1, 2, 3);
    assertThat(sink.retries).hasSizeGreaterThanOrEqualTo(1).contains("truncated");
  }

  @Test
  void pacingNeverExceedsTheRateEvenAcrossLoadsSharingAKey() throws Exception {
    api.route = r -> json("[{\"id\":1}]");
    SourceDefinition source = source(FLOWS);
    ExtractOptions fivePerSecond = FAST.withRequestsPerSecond(5);
    RateLimiters shared = new RateLimiters();
    Runnable load =
        () ->
            new Extractor(source, shared)
                .extract(
                    new ExtractRequest(
                        "acme",
                        TENANT_ID,
                        Secret.of(KEY),
                        api.baseUrl(),
                        Set.of(),
                        Map.of(),
                        fivePerSecond),
                    new CollectingSink());
    load.run(); // warm up the JVM, the connection pool and the server threads
    api.log.clear();
    Thread[] threads = new Thread[6];
    for (int i = 0; i < threads.length; i++) {
      threads[i] = new Thread(load);
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(api.log).hasSize(6);
    List<Long> times = api.log.stream().map(FakeApi.Logged::nanos).sorted().toList();
    // Six requests at 5/s: the first and the sixth are at least one second apart.
    assertThat((times.get(5) - times.get(0)) / 1_000_000).isGreaterThanOrEqualTo(950);
    for (int i = 1; i < times.size(); i++) {
      assertThat((times.get(i) - times.get(i - 1)) / 1_000_000).isGreaterThanOrEqualTo(150);
    }
  }

  @Test
  void terminalErrorsNameEverythingButSecrets() {
    api.enqueue(json(404, "\"Flow not found\""));
    assertThatThrownBy(() -> run(source(FLOWS), FAST))
        .isInstanceOf(ExtractException.class)
        .hasMessage(
            "tenant acme, resource flows: GET /api/draw/1/flow failed with HTTP 404: Flow not found")
        .satisfies(e -> assertThat(((ExtractException) e).status()).isEqualTo(404));

    api.enqueue(
        json(
            403,
            "{\"kind\":\"api\",\"uri\":\"x\",\"statusCode\":403,\"responseBody\":null,"
                + "\"responseHeaders\":{},\"message\":\"Key "
                + KEY
                + " is not allowed\"}"));
    assertThatThrownBy(() -> run(source(FLOWS), FAST))
        .hasMessageContaining("HTTP 403: Key *** is not allowed")
        .hasMessageNotContaining(KEY);

    api.enqueue(
        new MockResponse.Builder()
            .code(400)
            .setHeader("Content-Type", "text/html")
            .body("<html><head><title>Bad Request</title></head><body>bad filter</body></html>")
            .build());
    assertThatThrownBy(() -> run(source(FLOWS), FAST))
        .hasMessageContaining("HTTP 400: HTML page: Bad Request: bad filter");
    assertThat(api.log).hasSize(3);

    // An API key in the query is redacted from the URL in the message.
    SourceDefinition query =
        SourceDefinitionLoader.load(
            CLIENT.replace(
                    "api_key: \"{tenant.api_key}\"",
                    "api_key: \"{tenant.api_key}\"\n    location: query")
                + "resources:\n"
                + FLOWS,
            "test");
    api.enqueue(json(401, "\"\""));
    assertThatThrownBy(() -> run(query, FAST))
        .hasMessageContaining("GET /api/draw/1/flow?x-boomi-flow-api-key=*** failed with HTTP 401")
        .hasMessageNotContaining(KEY);
    assertThat(api.log.get(3).target()).contains(KEY);
  }

  @Test
  void responseActionRetriesAnErrorInsideA200Body() {
    String yaml =
        """
          - name: run_state
            endpoint:
              path: run/2/state/x
              response_actions:
                - status_code: 200
                  content: '"statusCode":"401"'
                  action: retry
        """;
    api.enqueue(
        json("{\"stateId\":\"x\",\"statusCode\": \"401\",\"authorizationContext\":{}}"),
        json("{\"stateId\":\"x\",\"statusCode\":\"200\"}"));
    run(source(yaml), FAST);
    assertThat(api.log).hasSize(2);
    assertThat(sink.retries).containsExactly("response_action");
    assertThat(sink.of("run_state")).hasSize(1);
  }

  @Test
  void apiKeysAreFingerprintedBeforeTheyLeaveExtraction() {
    api.enqueue(
        json(
            "[{\"name\":\"warehouse-loader\",\"apiKey\":\"9f2c4e1a7b3d48e6a0c5f1d2b8e7a6c4\","
                + "\"createdAt\":\"2025-01-06T13:30:00.512Z\",\"tenantId\":\"b0\"},"
                + "{\"name\":\"none\",\"apiKey\":null,\"createdAt\":null,\"tenantId\":null}]"));
    SourceDefinition builtIn = SourceDefinitionLoader.loadBuiltIn();
    run(builtIn, FAST, Map.of(), Set.of("api_keys"));
    List<JsonNode> keys = sink.of("api_keys");
    assertThat(keys).hasSize(2);
    assertThat(keys.get(0).has("apiKey")).isFalse();
    assertThat(keys.get(0).get("apiKeyFingerprint").asString()).matches("[0-9a-f]{16}");
    assertThat(keys.toString()).doesNotContain("9f2c4e1a7b3d48e6a0c5f1d2b8e7a6c4");
    assertThat(keys.get(1).get("apiKeyFingerprint").isNull()).isTrue();
    assertThat(api.log.get(0).target()).isEqualTo("/api/admin/1/users/me/keys");
  }

  @Test
  void aResponseSlowerThanTheReadTimeoutIsRetried() {
    api.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body("[{\"id\":1}]")
            .headersDelay(3, java.util.concurrent.TimeUnit.SECONDS)
            .build(),
        json("[{\"id\":2}]"));
    run(source(FLOWS), FAST.withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500)));
    assertThat(sink.of("flows")).extracting(r -> r.get("id").asInt()).containsExactly(2);
    assertThat(sink.retries).containsExactly("io");
  }

  @Test
  void childCursorsAreKeptPerParentKey() {
    String yaml =
        """
          - name: flows
            endpoint: draw/1/flow
          - name: states
            primary_key: id
            endpoint:
              path: "admin/1/states/flow/{resources.flows.id}"
              params:
                from: "{incremental.start_value}"
              incremental:
                cursor_path: dateModified
        """;
    api.route =
        r -> {
          String t = r.getTarget();
          if (t.equals("/api/draw/1/flow")) {
            return json("[{\"id\":\"a\"},{\"id\":\"b\"}]");
          }
          String day = t.contains("flow/a") ? "01" : "02";
          return json(
              "[{\"id\":\"s" + day + "\",\"dateModified\":\"2025-01-" + day + "T00:00:00Z\"}]");
        };
    ResourceCursor stored =
        new ResourceCursor(Map.of("a", new CursorValue("2024-12-31T00:00:00Z", List.of())));
    run(source(yaml), FAST, Map.of("states", stored), Set.of("states"));
    assertThat(api.log)
        .extracting(FakeApi.Logged::target)
        .contains(
            "/api/admin/1/states/flow/a?from=2024-12-31T00:00:00Z", "/api/admin/1/states/flow/b");
    ResourceCursor next = sink.cursors.get("states");
    assertThat(next.get("a").value()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(next.get("b").value()).isEqualTo("2025-01-02T00:00:00Z");
    assertThat(sink.records).containsOnlyKeys("states");
  }
}
