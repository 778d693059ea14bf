package io.flowloader.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.boomiflow.simulator.FaultKind;
import io.boomiflow.simulator.FaultSpec;
import io.flowloader.schedule.TenantLocks;
import io.flowloader.support.SimulatorSupport;
import io.flowloader.support.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load API as a client uses it, over real HTTP: authentication, {@code POST /loads} answers
 * (202, 409, 404, 400, 401), load reports, tenants, and the Prometheus scrape afterwards.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "flowloader.api.tokens=first-token,second-token",
      "flowloader.http.requests-per-second=200"
    })
class LoadApiIntegrationTests {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry);
    SimulatorSupport.tenant(
        registry, 0, "acme", SimulatorSupport.ACME_ID, SimulatorSupport.ACME_KEY, "api_acme");
    SimulatorSupport.tenant(
        registry,
        1,
        "globex",
        SimulatorSupport.GLOBEX_ID,
        SimulatorSupport.GLOBEX_KEY,
        "api_globex");
  }

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;

  final HttpClient http = HttpClient.newHttpClient();

  @Autowired TenantLocks tenantLocks;

  @Test
  void withoutOrWithAWrongTokenTheApiAnswers401() throws Exception {
    HttpResponse<String> none = send("GET", "/loads", null, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(send("POST", "/loads", "{\"tenant\":\"acme\"}", "wrong-token").statusCode())
        .isEqualTo(401);
    assertThat(send("GET", "/tenants", null, "first-token x").statusCode()).isEqualTo(401);
    assertThat(send("GET", "/tenants", null, "second-token").statusCode()).isEqualTo(200);
  }

  @Test
  void invalidBodiesAre400AndUnknownTenants404() throws Exception {
    HttpResponse<String> malformed = send("POST", "/loads", "{\"tenant\":", "first-token");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(send("POST", "/loads", "{}", "first-token").statusCode()).isEqualTo(400);
    assertThat(
            send("POST", "/loads", "{\"tenant\":\"acme\",\"resources\":[\"nope\"]}", "first-token")
                .statusCode())
        .isEqualTo(400);
    // A null entry and an unknown one: 400 problem+json naming both, not a 500.
    HttpResponse<String> nulls =
        send(
            "POST",
            "/loads",
            "{\"tenant\":\"globex\",\"resources\":[null,\"nope\"]}",
            "first-token");
    assertThat(nulls.statusCode()).as(nulls.body()).isEqualTo(400);
    assertThat(nulls.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(JSON.readTree(nulls.body()).path("detail").asString())
        .contains("resources[0]")
        .contains("resources[1]: unknown resource 'nope'");
    HttpResponse<String> unknown =
        send("POST", "/loads", "{\"tenant\":\"initech\"}", "first-token");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.body()).path("detail").asString()).contains("initech");
    assertThat(send("GET", "/loads/1234.5", null, "first-token").statusCode()).isEqualTo(404);
  }

  @Test
  void aTriggeredLoadIsAcceptedRefusedWhileRunningThenReportedWithItsTables() throws Exception {
    // The first flows request of globex is slow, so the load is still running for the 2nd POST.
    SimulatorSupport.shared()
        .control()
        .addFault(
            FaultSpec.of(SimulatorSupport.GLOBEX_ID, "flows", FaultKind.SLOW_FIRST_BYTE)
                .withTiming(3000, 64));
    String body = "{\"tenant\":\"globex\",\"resources\":[\"flows\",\"users\"]}";
    HttpResponse<String> accepted = send("POST", "/loads", body, "first-token");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    JsonNode info = JSON.readTree(accepted.body());
    String loadId = info.path("loadId").asString();
    assertThat(loadId).matches("\\d{10}\\.\\d{1,7}");
    assertThat(accepted.headers().firstValue("Location")).hasValue("/loads/" + loadId);
    assertThat(info.path("status").asString()).isEqualTo("extracting");

    HttpResponse<String> conflict = send("POST", "/loads", body, "first-token");
    assertThat(conflict.statusCode()).as(conflict.body()).isEqualTo(409);
    assertThat(JSON.readTree(conflict.body()).path("runningLoadId").asString()).isEqualTo(loadId);

    JsonNode done = awaitFinished(loadId);
    assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("loaded");
    assertThat(done.path("rows").asLong()).isPositive();
    assertThat(done.path("tables").findValuesAsString("table")).contains("flows", "users");
    assertThat(done.path("schemaChanges").isArray()).isTrue();

    JsonNode listed =
        JSON.readTree(send("GET", "/loads?tenant=globex&limit=5", null, "first-token").body());
    assertThat(listed.findValuesAsString("loadId")).contains(loadId);
    JsonNode tenants = JSON.readTree(send("GET", "/tenants", null, "first-token").body());
    assertThat(tenants.findValuesAsString("name")).containsExactly("acme", "globex");
    assertThat(tenants.toString()).doesNotContain(SimulatorSupport.GLOBEX_KEY);

    String scrape = get(managementPort, "/actuator/prometheus");
    assertThat(scrape)
        .contains("flowloader_load_duration_seconds_bucket{")
        .contains("tenant=\"globex\"")
        .contains("flowloader_rows_loaded_total{")
        .contains("flowloader_pages_fetched_total{")
        .contains("flowloader_last_success_timestamp_seconds{")
        .contains("flowloader_loads_active{")
        .doesNotContain(loadId)
        .doesNotContain(SimulatorSupport.GLOBEX_KEY);
    // WebClient observations are tagged with path templates, never expanded URIs or page numbers.
    assertThat(scrape)
        .containsPattern("http_client_requests_seconds_count\\{[^}]*uri=\"/admin/1/users\"");
    assertThat(scrape)
        .doesNotContainPattern("http_client_requests_seconds_count\\{[^}]*uri=\"[^\"]*page=");
    promtoolAccepts(scrape);
  }

  @Test
  void aLockReleasedJustAfterTheLoadFinishedDoesNotRefuseTheNextLoad() throws Exception {
    send("GET", "/tenants", null, "first-token"); // the first request initialises the web stack
    // As a load that has committed (no unfinished package) but not yet released its lock.
    TenantLocks.LoadLock held = tenantLocks.tryLoadLock("acme").orElseThrow();
    CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(held::unlock);
    HttpResponse<String> accepted =
        send("POST", "/loads", "{\"tenant\":\"acme\",\"resources\":[\"users\"]}", "first-token");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    JsonNode done = awaitFinished(JSON.readTree(accepted.body()).path("loadId").asString());
    assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("loaded");
  }

  @Test
  void theOpenApiDocumentDescribesTheLoadApi() throws Exception {
    assertThat(send("GET", "/v3/api-docs", null, null).statusCode()).isEqualTo(401);
    HttpResponse<String> doc = send("GET", "/v3/api-docs", null, "second-token");
    assertThat(doc.statusCode()).isEqualTo(200);
    JsonNode paths = JSON.readTree(doc.body()).path("paths");
    assertThat(paths.has("/loads")).isTrue();
    assertThat(paths.has("/loads/{loadId}")).isTrue();
    assertThat(paths.has("/tenants")).isTrue();
    assertThat(paths.path("/loads").has("post")).isTrue();
  }

  @Test
  void healthProbesAreOnTheManagementPort() throws Exception {
    assertThat(get(managementPort, "/actuator/health/readiness")).contains("\"UP\"");
    assertThat(get(managementPort, "/actuator/health/liveness")).contains("\"UP\"");
    // Components (tenant names among them) only for a token holder.
    assertThat(get(managementPort, "/actuator/health")).doesNotContain("\"tenants\"");
    HttpResponse<String> details =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + "/actuator/health"))
                .header("Authorization", "Bearer first-token")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(details.body()).contains("\"tenants\"");
  }

  private JsonNode awaitFinished(String loadId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      JsonNode node = JSON.readTree(send("GET", "/loads/" + loadId, null, "first-token").body());
      String status = node.path("status").asString();
      if (status.equals("loaded") || status.equals("failed") || status.equals("aborted")) {
        return node;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("load " + loadId + " did not finish in time");
  }

  private static void promtoolAccepts(String scrape) throws IOException, InterruptedException {
    boolean ci = "true".equals(System.getenv("CI"));
    boolean present = Files.isExecutable(Path.of("/usr/bin/promtool"));
    if (!present) {
      Assumptions.assumeTrue(ci, "promtool not installed (apt-get install prometheus)");
      throw new AssertionError("promtool is required under CI");
    }
    Process p =
        new ProcessBuilder("/usr/bin/promtool", "check", "metrics")
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().write(scrape.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    // promtool exits 3 for lint warnings (naming style); 1 for parse errors.
    assertThat(p.exitValue()).as(out).isIn(0, 3);
    assertThat(out).doesNotContain("error while linting").doesNotContain("parse error");
  }

  private String get(int onPort, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + onPort + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private HttpResponse<String> send(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
