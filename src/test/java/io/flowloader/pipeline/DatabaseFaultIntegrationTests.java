package io.flowloader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.boomiflow.simulator.FaultKind;
import io.boomiflow.simulator.FaultSpec;
import io.boomiflow.simulator.SimulatorControl;
import io.flowloader.load.Loader;
import io.flowloader.load.StagingWriter;
import io.flowloader.normalize.Column;
import io.flowloader.normalize.DataType;
import io.flowloader.normalize.NormalizedRow;
import io.flowloader.normalize.Schema;
import io.flowloader.normalize.TableSchema;
import io.flowloader.normalize.WriteDisposition;
import io.flowloader.pkg.Trigger;
import io.flowloader.support.FaultProxy;
import io.flowloader.support.SimulatorSupport;
import io.flowloader.support.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Database faults as an operator meets them, through the running service: a TCP proxy between the
 * service and PostgreSQL cuts, blackholes or slows its connections at a chosen moment of a load
 * (extraction, staging, commit). After each fault: the package ends {@code failed} with the cause,
 * recorded once the database answers again; the load slot is free (with {@code
 * max-concurrent-loads=1} the next load starts), the active-loads gauge is back to 0, the failure
 * is counted, and the next load leaves the dataset equal to a clean load's. While the database is
 * unreachable the API answers 503 problem+json and readiness 503, both within a few seconds.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "flowloader.api.tokens=fault-token",
      "flowloader.max-concurrent-loads=1",
      "flowloader.http.requests-per-second=500",
      "flowloader.http.max-retries=1",
      "flowloader.http.read-timeout=120s",
      "flowloader.http.fan-out-concurrency=1"
    })
class DatabaseFaultIntegrationTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String BODY = "\"resources\":[\"flows\",\"users\",\"audit_events\"]";
  private static final List<String> LINEAGE =
      List.of("_dlt_id", "_dlt_load_id", "_dlt_parent_id", "_dlt_root_id");
  private static final List<String> TENANTS =
      List.of(
          "fault_ref",
          "fault_extract",
          "fault_staging",
          "fault_commit",
          "fault_idle",
          "fault_resume",
          "fault_isolate");

  private static FaultProxy proxy;
  private static SingleConnectionDataSource observer;
  private static JdbcTemplate jdbc;
  private static Map<String, List<String>> reference;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws IOException {
    TestDatabase.register(registry);
    proxy = FaultProxy.in(TestDatabase.get().jdbcUrl());
    String url = proxy.jdbcUrl(TestDatabase.get().jdbcUrl());
    registry.add("spring.datasource.url", () -> url);
    for (int i = 0; i < TENANTS.size(); i++) {
      SimulatorSupport.tenant(
          registry,
          i,
          TENANTS.get(i),
          SimulatorSupport.ACME_ID,
          SimulatorSupport.ACME_KEY,
          TENANTS.get(i));
    }
  }

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired MeterRegistry meters;
  @Autowired Loader loader;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final SimulatorControl sim = SimulatorSupport.shared().control();

  @BeforeAll
  static void observer() throws Exception {
    observer = new SingleConnectionDataSource(TestDatabase.get().connect(), true);
    jdbc = new JdbcTemplate(observer);
  }

  @AfterAll
  static void close() throws IOException {
    if (observer != null) {
      observer.destroy();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @BeforeEach
  void cleanLoadFirst() throws Exception {
    reference();
  }

  @AfterEach
  void restore() {
    proxy.mode(FaultProxy.Mode.PASS);
  }

  @Test
  void cutDuringExtraction() throws Exception {
    String tenant = "fault_extract";
    long fault = sim.addFault(slow("flows", 0));
    try {
      String loadId = start(tenant);
      await("the first request in flight", () -> matched(fault) >= 1);
      proxy.mode(FaultProxy.Mode.CUT);
      databaseDownAnswers();
      sim.removeFault(fault);
      afterTheFault(tenant, loadId);
    } finally {
      sim.removeFault(fault);
    }
  }

  @Test
  void cutDuringStaging() throws Exception {
    String tenant = "fault_staging";
    long fault = sim.addFault(slow("audit", 1));
    try {
      String loadId = start(tenant);
      await(
          "an audit request in flight with rows staged",
          () -> matched(fault) >= 1 && stagingRows(loadId) > 0);
      proxy.mode(FaultProxy.Mode.CUT);
      databaseDownAnswers();
      sim.removeFault(fault);
      afterTheFault(tenant, loadId);
    } finally {
      sim.removeFault(fault);
    }
  }

  @Test
  void cutDuringCommit() throws Exception {
    String tenant = "fault_commit";
    String loadId;
    // The commit transaction first takes the dataset's advisory lock: holding it (on a connection
    // that does not pass the proxy) stops the load at the start of its commit, package staged.
    try (Connection holder = TestDatabase.get().connect()) {
      try (PreparedStatement st =
          holder.prepareStatement(
              "SELECT pg_advisory_lock(hashtext('flowloader.dataset'), hashtext(?))")) {
        st.setString(1, tenant);
        st.execute();
      }
      loadId = start(tenant);
      await(
          "the package staged and its commit waiting",
          () -> "staged".equals(status(loadId)) && commitWaiting());
      proxy.mode(FaultProxy.Mode.CUT);
      databaseDownAnswers();
    }
    afterTheFault(tenant, loadId);
  }

  @Test
  void blackholedWhileIdleTheApiAndReadinessAnswer503AndNothingLeaks() throws Exception {
    String tenant = "fault_idle";
    get("/loads?limit=1"); // warm the web stack
    proxy.mode(FaultProxy.Mode.BLACKHOLE);
    databaseDownAnswers();
    long t0 = System.nanoTime();
    HttpResponse<String> refused = post(tenant);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
    proxy.mode(FaultProxy.Mode.PASS);
    // The slot was not leaked: the next load starts and completes like a clean one.
    String next = awaitStarted(tenant);
    assertThat(awaitFinal(next).path("status").asString()).isEqualTo("loaded");
    assertThat(active(tenant)).isZero();
    assertThat(rows(tenant)).isEqualTo(reference());
  }

  @Test
  void aSlowDatabaseSlowsTheLoadButLosesNothing() throws Exception {
    String tenant = "fault_ref";
    reference();
    proxy.slow(2);
    String loadId = awaitStarted(tenant);
    JsonNode done = awaitFinal(loadId);
    proxy.mode(FaultProxy.Mode.PASS);
    assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("loaded");
    assertThat(rows(tenant)).isEqualTo(reference());
  }

  /**
   * A staged package left by an earlier run is committed on the new load's thread: {@code POST
   * /loads} answers while that commit still waits (here on the dataset's lock, held by the test).
   */
  @Test
  void aLeftoverStagedPackageIsCommittedInTheBackground() throws Exception {
    String tenant = "fault_resume";
    TableSchema leftover =
        new TableSchema(
            "leftover_rows",
            null,
            "leftover_rows",
            WriteDisposition.APPEND,
            List.of(
                Column.of("name", DataType.TEXT),
                new Column("_dlt_load_id", DataType.TEXT, false, false, false),
                new Column("_dlt_id", DataType.TEXT, false, true, false)));
    StagingWriter writer = loader.open(tenant, tenant, Trigger.SCHEDULE, List.of("flows"));
    writer.write(
        leftover, new NormalizedRow("leftover_rows", new Object[] {"x", writer.loadId(), "r1"}));
    String staged =
        writer
            .finish(
                new Schema("boomi_flow", 1, "", Map.of("leftover_rows", leftover)), Map.of(), "[]")
            .loadId();
    String loadId;
    try (Connection holder = TestDatabase.get().connect()) {
      try (PreparedStatement st =
          holder.prepareStatement(
              "SELECT pg_advisory_lock(hashtext('flowloader.dataset'), hashtext(?))")) {
        st.setString(1, tenant);
        st.execute();
      }
      HttpResponse<String> accepted = post(tenant);
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      loadId = JSON.readTree(accepted.body()).path("loadId").asString();
      // Answered while the leftover's commit waits for the lock the test holds.
      await("the leftover's commit waiting", DatabaseFaultIntegrationTests::commitWaiting);
      assertThat(status(staged)).isEqualTo("staged");
    }
    assertThat(awaitFinal(loadId).path("status").asString()).isEqualTo("loaded");
    assertThat(status(staged)).isEqualTo("loaded");
  }

  /**
   * One resource answering 403 does not stop the others: the load commits them and ends {@code
   * partial}, naming the resource and its cause; the failed resource's tables and cursor are not
   * created; the next load (the fault gone) loads it, and the dataset equals a clean load's.
   */
  @Test
  void aFailingResourceIsLeftOutAndTheOthersCommit() throws Exception {
    String tenant = "fault_isolate";
    long fault =
        sim.addFault(
            FaultSpec.of("acme", "users", FaultKind.HTTP_5XX).withStatus(403).withCount(1000));
    String loadId;
    try {
      loadId = start(tenant);
      JsonNode partial = awaitFinal(loadId);
      assertThat(partial.path("status").asString()).as(partial.toString()).isEqualTo("partial");
      assertThat(partial.path("error").asString()).contains("users").contains("403");
      assertThat(partial.path("tables").findValuesAsString("table"))
          .contains("flows", "audit_events")
          .noneMatch(t -> t.startsWith("users"));
    } finally {
      sim.removeFault(fault);
    }
    assertThat(tables(tenant))
        .contains("flows", "audit_events")
        .noneMatch(t -> t.startsWith("users"));
    assertThat(
            jdbc.queryForList(
                "SELECT DISTINCT resource FROM flowloader.cursor_state WHERE tenant = ?",
                String.class,
                tenant))
        .doesNotContain("users");
    assertThat(
            meters
                .find("flowloader.load.duration")
                .tag("tenant", tenant)
                .tag("outcome", "partial")
                .timer())
        .isNotNull();
    assertThat(
            meters
                .find("flowloader.resource.failing.loads")
                .tag("tenant", tenant)
                .tag("resource", "users")
                .gauge()
                .value())
        .isEqualTo(1.0);

    String next = awaitStarted(tenant);
    assertThat(awaitFinal(next).path("status").asString()).isEqualTo("loaded");
    assertThat(
            meters
                .find("flowloader.resource.failing.loads")
                .tag("tenant", tenant)
                .tag("resource", "users")
                .gauge()
                .value())
        .isZero();
    assertThat(rows(tenant)).isEqualTo(reference());
  }

  // ------------------------------------------------------------------ the checks

  /** While the database is unreachable: the API and readiness say so, quickly, as problem+json. */
  private void databaseDownAnswers() throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> list = send("GET", "/loads?limit=1", null);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(list.statusCode()).as(list.body()).isEqualTo(503);
    assertThat(list.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(took).as("API answer with the database down").isLessThan(Duration.ofSeconds(6));
    t0 = System.nanoTime();
    HttpResponse<String> ready =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + managementPort + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
    assertThat(took).as("readiness with the database down").isLessThan(Duration.ofSeconds(6));
  }

  /**
   * The load failed while the database was down: gauge back to 0 and the failure counted at once;
   * the database back, its package reads {@code failed} with the cause within 60 s, the slot is
   * free and the next load leaves the dataset as a clean load does.
   */
  private void afterTheFault(String tenant, String loadId) throws Exception {
    await("the load to end", () -> active(tenant) == 0);
    await("the failure counted", () -> failures(tenant) >= 1);
    proxy.mode(FaultProxy.Mode.PASS);
    long t0 = System.nanoTime();
    await("the failure recorded", () -> "failed".equals(status(loadId)));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(60));
    String error =
        jdbc.queryForObject(
            "SELECT error FROM flowloader.load_package WHERE load_id = ?", String.class, loadId);
    assertThat(error).contains("database unavailable");
    assertThat(stagingSchemaExists(loadId)).as("staging dropped").isFalse();
    JsonNode report = JSON.readTree(get("/loads/" + loadId).body());
    assertThat(report.path("error").asString()).contains("database unavailable");

    String next = awaitStarted(tenant);
    JsonNode done = awaitFinal(next);
    assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("loaded");
    assertThat(active(tenant)).isZero();
    assertThat(rows(tenant)).isEqualTo(reference());
  }

  /** The rows of a clean load into {@code fault_ref}, loaded once. */
  private Map<String, List<String>> reference() throws Exception {
    if (reference == null) {
      String loadId = awaitStarted("fault_ref");
      JsonNode done = awaitFinal(loadId);
      assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("loaded");
      reference = rows("fault_ref");
      assertThat(reference).containsKeys("flows", "users", "audit_events");
    }
    return reference;
  }

  // ------------------------------------------------------------------ helpers

  private String start(String tenant) throws Exception {
    reference();
    HttpResponse<String> accepted = post(tenant);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    return JSON.readTree(accepted.body()).path("loadId").asString();
  }

  /** Starts a load, retrying while a previous load's end is still releasing the slot. */
  private String awaitStarted(String tenant) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      HttpResponse<String> r = post(tenant);
      if (r.statusCode() == 202) {
        return JSON.readTree(r.body()).path("loadId").asString();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no load of " + tenant + " started: " + r.body());
      }
      Thread.sleep(500);
    }
  }

  private HttpResponse<String> post(String tenant) throws Exception {
    return send("POST", "/loads", "{\"tenant\":\"" + tenant + "\"," + BODY + "}");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send("GET", path, null);
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer fault-token");
    if (body == null) {
      b.GET();
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode awaitFinal(String loadId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      String s = status(loadId);
      if (s.equals("loaded") || s.equals("partial") || s.equals("failed") || s.equals("aborted")) {
        return JSON.readTree(get("/loads/" + loadId).body());
      }
      Thread.sleep(250);
    }
    throw new AssertionError("load " + loadId + " did not finish");
  }

  private double active(String tenant) {
    var gauge = meters.find("flowloader.loads.active").tag("tenant", tenant).gauge();
    return gauge == null ? 0 : gauge.value();
  }

  private long failures(String tenant) {
    return meters
        .find("flowloader.load.duration")
        .tag("tenant", tenant)
        .tag("outcome", "failure")
        .timers()
        .stream()
        .mapToLong(Timer::count)
        .sum();
  }

  private static FaultSpec slow(String endpoint, int skip) {
    return FaultSpec.of("acme", endpoint, FaultKind.SLOW_FIRST_BYTE)
        .withTiming(30_000, 64)
        .withSkip(skip)
        .withCount(1);
  }

  private long matched(long faultId) {
    return sim.faults().stream()
        .filter(f -> ((Number) f.get("id")).longValue() == faultId)
        .mapToLong(f -> ((Number) f.get("matched")).longValue())
        .findFirst()
        .orElse(0);
  }

  private static String status(String loadId) {
    return jdbc.queryForObject(
        "SELECT status FROM flowloader.load_package WHERE load_id = ?", String.class, loadId);
  }

  private static boolean commitWaiting() {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                + " AND database = (SELECT oid FROM pg_database WHERE datname ="
                + " current_database()))",
            Boolean.class));
  }

  private static boolean stagingSchemaExists(String loadId) {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = (SELECT staging_schema"
                + " FROM flowloader.load_package WHERE load_id = ?))",
            Boolean.class,
            loadId));
  }

  private static long stagingRows(String loadId) {
    String schema =
        jdbc.queryForObject(
            "SELECT staging_schema FROM flowloader.load_package WHERE load_id = ?",
            String.class,
            loadId);
    long rows = 0;
    for (String table : tables(schema)) {
      rows += jdbc.queryForObject("SELECT count(*) FROM " + q(schema) + "." + q(table), Long.class);
    }
    return rows;
  }

  /** The dataset's rows per table, without lineage columns (random ids, load ids), sorted. */
  static Map<String, List<String>> rows(String dataset) {
    Map<String, List<String>> out = new TreeMap<>();
    String without = LINEAGE.stream().map(c -> " - '" + c + "'").collect(Collectors.joining());
    for (String table : tables(dataset)) {
      if (table.startsWith("_dlt_")) {
        continue;
      }
      List<String> r =
          new ArrayList<>(
              jdbc.queryForList(
                  "SELECT (to_jsonb(t)"
                      + without
                      + ")::text FROM "
                      + q(dataset)
                      + "."
                      + q(table)
                      + " t",
                  String.class));
      r.sort(null);
      out.put(table, r);
    }
    return out;
  }

  private static List<String> tables(String schema) {
    return jdbc.queryForList(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY 1",
        String.class,
        schema);
  }

  private static String q(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }
}
