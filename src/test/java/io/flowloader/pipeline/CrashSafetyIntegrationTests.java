package io.flowloader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.boomiflow.simulator.FaultKind;
import io.boomiflow.simulator.FaultSpec;
import io.boomiflow.simulator.RequestLogEntry;
import io.boomiflow.simulator.SimulatorControl;
import io.flowloader.FlowLoaderApplication;
import io.flowloader.support.SimulatorSupport;
import io.flowloader.support.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Crash safety as a user sees it: a one-shot loader JVM is killed with SIGKILL during extraction,
 * during staging and just before its commit; the next one-shot load of the tenant then leaves the
 * dataset and the cursors exactly as one clean load of the same simulator data does.
 *
 * <p>Each case uses its own tenant name (= dataset) against the simulator's {@code acme} data, so
 * packages, cursors and locks never mix. Crash points are made observable from outside: a slow
 * simulator response holds extraction at a known request; a session advisory lock on the dataset
 * (the lock the commit transaction takes first) holds the loader at the start of its commit, with
 * its package {@code staged} and nothing of the commit done.
 *
 * <p>A killed JVM's load lock (a session advisory lock) is released by PostgreSQL when its
 * connection closes, so the next load starts at once. The reference is one clean one-shot load into
 * its own dataset.
 */
class CrashSafetyIntegrationTests {

  /**
   * Lineage values differ between loads by design (random ids, load ids); rows are compared without
   * them.
   */
  private static final List<String> LINEAGE =
      List.of("_dlt_id", "_dlt_load_id", "_dlt_parent_id", "_dlt_root_id");

  private static final long HOLD_MILLIS = 45_000;

  private static SimulatorControl sim;
  private static SingleConnectionDataSource observer;
  private static JdbcTemplate jdbc;
  private static Path logs;
  private static Snapshot reference;
  private static Map<String, Long> referenceRequests;
  private static long referenceMillis;

  @BeforeAll
  static void cleanLoad() throws Exception {
    sim = SimulatorSupport.shared().control();
    // One connection for all the polling: the PostgreSQL server is shared and its connections
    // are few.
    observer = new SingleConnectionDataSource(TestDatabase.get().connect(), true);
    jdbc = new JdbcTemplate(observer);
    logs = Files.createTempDirectory("crash-safety");
    Child clean = Child.start("crash_ref");
    long t0 = System.nanoTime();
    assertThat(clean.awaitExit()).as(clean.output()).isZero();
    referenceMillis = Math.max(2_000, (System.nanoTime() - t0) / 1_000_000);
    referenceRequests = clean.requests();
    reference = Snapshot.of("crash_ref");
    assertThat(reference.rows()).containsKeys("flows", "graph_flow", "states", "audit_events");
    assertThat(reference.rows().get("audit_events")).isNotEmpty();
    assertThat(reference.cursors()).isNotEmpty();
  }

  @AfterAll
  static void cleanUp() throws IOException {
    if (observer != null) {
      observer.destroy();
    }
    if (logs != null) {
      try (var files = Files.list(logs)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(logs);
    }
  }

  @Test
  void killedDuringExtractionTheNextLoadAbortsThePackageAndReExtracts() throws Exception {
    String tenant = "crash_extract";
    // The very first request of the load (the flow list) hangs: extraction has begun, nothing
    // is staged yet.
    long fault = sim.addFault(slow("flows"));
    try {
      Child child = Child.start(tenant);
      awaitTrue(
          "the first request in flight",
          () -> matched(fault) >= 1 && status(tenant).equals(List.of("extracting")),
          child);
      child.kill();
      assertThat(stagingRows(tenant)).as("nothing staged yet").isZero();
    } finally {
      sim.removeFault(fault);
    }
    String killed = onlyPackage(tenant);

    Child next = recover(tenant);
    assertThat(next.output())
        .contains("aborting load " + killed + " of tenant " + tenant + " interrupted");
    assertThat(statusOf(killed)).isEqualTo("aborted");
    assertThat(stagingSchemaExists(killed)).as("staging of the aborted package").isFalse();
    assertThat(next.requests())
        .as("re-extracted from the unchanged cursors")
        .isEqualTo(referenceRequests);
    assertSameAsCleanLoad(tenant, 1);
  }

  @Test
  void killedDuringStagingTheNextLoadAbortsThePackageAndReExtracts() throws Exception {
    String tenant = "crash_staging";
    // Audit events come last (after flows, graphs, users, states, ...): hang on a later audit page,
    // when every earlier resource and some audit pages are staged.
    long fault = sim.addFault(slow("audit").withSkip((int) (referenceRequests.get("audit") - 3)));
    try {
      Child child = Child.start(tenant);
      awaitTrue(
          "an audit request in flight with rows staged",
          () -> matched(fault) >= 1 && stagingRows(tenant) > 0,
          child);
      assertThat(status(tenant)).containsExactly("extracting");
      child.kill();
    } finally {
      sim.removeFault(fault);
    }
    String killed = onlyPackage(tenant);
    assertThat(stagingSchemaExists(killed)).as("staging left behind by the kill").isTrue();

    Child next = recover(tenant);
    assertThat(next.output())
        .contains("aborting load " + killed + " of tenant " + tenant + " interrupted");
    assertThat(statusOf(killed)).isEqualTo("aborted");
    assertThat(stagingSchemaExists(killed)).as("staging of the aborted package").isFalse();
    assertThat(next.requests())
        .as("re-extracted from the unchanged cursors")
        .isEqualTo(referenceRequests);
    assertSameAsCleanLoad(tenant, 1);
  }

  @Test
  void killedJustBeforeCommitTheNextLoadCommitsTheStagedPackageWithoutRefetching()
      throws Exception {
    String tenant = "crash_commit";
    String killed;
    Integer waiter;
    // The commit transaction first takes the dataset's advisory lock: holding it here stops the
    // loader right at the start of its commit, with the package staged.
    try (Connection holder = TestDatabase.get().connect()) {
      lockDataset(holder, tenant);
      Child child = Child.start(tenant);
      awaitTrue(
          "the package staged and its commit waiting for the dataset lock",
          () -> status(tenant).equals(List.of("staged")) && commitWaiting(),
          child);
      waiter =
          jdbc.queryForObject(
              "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted LIMIT 1",
              Integer.class);
      child.kill();
      killed = onlyPackage(tenant);
    }
    // The killed loader's database session notices its client is gone once the lock is free, and
    // its transaction rolls back: nothing of the package was committed.
    int pid = waiter;
    awaitTrue(
        "the killed loader's database session to end",
        () ->
            jdbc.queryForObject(
                    "SELECT count(*) FROM pg_stat_activity WHERE pid = ?", Long.class, pid)
                == 0,
        null);
    assertThat(statusOf(killed)).isEqualTo("staged");
    assertThat(datasetTables(tenant)).as("nothing committed").isEmpty();
    assertThat(cursors(tenant)).as("no cursor advanced").isEmpty();

    Child next = recover(tenant);
    assertThat(next.output())
        .contains("committing staged load " + killed + " of tenant " + tenant + " left by");
    assertThat(statusOf(killed)).isEqualTo("loaded");
    assertThat(rowsIn(stagingSchemaOf(killed))).as("rows left in staging").isZero();
    // Not re-fetched: the new load ran from the cursors the staged package committed, so it
    // needed no graph (versions unchanged) and only the newest audit window(s).
    Map<String, Long> requests = next.requests();
    assertThat(requests.getOrDefault("graph", 0L)).isZero();
    assertThat(requests.getOrDefault("audit", 0L)).isLessThan(referenceRequests.get("audit") / 4);
    assertSameAsCleanLoad(tenant, 2);
  }

  /**
   * SIGKILL at {@link #KILL_POINTS} seeded random moments of a load (extraction, staging, commit,
   * after), each followed at once by the next loader JVM: no restarted JVM is ever refused as
   * "already loading"; the tenant can be loaded again within 30 s of each kill (the killed JVM's
   * lock freed, plus the next JVM's wait from its start-up to its load's start: the JVM's own boot
   * is not the lock's doing and is reported apart); and once a load runs to its end the dataset
   * equals one clean load's (0 rows lost, 0 duplicated).
   */
  @Test
  void killedAtSeededRandomPointsTheTenantLoadsAgainWithin30sAndEndsAsOneCleanLoad()
      throws Exception {
    String tenant = "crash_random";
    long seed = Long.getLong("flowloader.crash.seed", 20261207L);
    java.util.Random random = new java.util.Random(seed);
    Map<String, Integer> phases = new TreeMap<>();
    Duration worstRecovery = Duration.ZERO;
    Duration worstWithBoot = Duration.ZERO;
    Duration lockFreed = null;
    Instant killedAt = null;
    for (int i = 0; i <= KILL_POINTS; i++) {
      Child child = Child.start(tenant);
      if (killedAt != null) {
        awaitTrue(
            "the next load to start",
            () -> child.output().contains("of tenant " + tenant + " started"),
            child);
        Duration waited = Duration.between(child.contextStartedAt(), child.loadStartedAt(tenant));
        worstRecovery = max(worstRecovery, lockFreed.plus(waited));
        worstWithBoot = max(worstWithBoot, Duration.between(killedAt, child.loadStartedAt(tenant)));
      }
      if (i == KILL_POINTS) {
        assertThat(child.awaitExit()).as(child.output()).isZero();
        break;
      }
      // A point anywhere in a clean load's run (plus a little after it).
      Thread.sleep((long) (random.nextDouble() * referenceMillis * 1.1));
      String phase = phase(tenant);
      if (child.killIfAlive()) {
        killedAt = Instant.now();
        long t0 = System.nanoTime();
        awaitTrue("the killed load's lock to be freed", () -> !loadLockHeld(tenant), null);
        lockFreed = Duration.ofNanos(System.nanoTime() - t0);
      } else {
        phase = "after";
        killedAt = null;
      }
      phases.merge(phase, 1, Integer::sum);
      assertThat(child.output())
          .as("a killed load's lock refused the next")
          .doesNotContain("already loading");
    }
    System.out.printf(
        "crash_random (seed %d): %d kill points %s; worst recovery %d ms (lock freed + wait for"
            + " it), worst kill-to-next-load-start with the JVM's boot %d ms%n",
        seed, KILL_POINTS, phases, worstRecovery.toMillis(), worstWithBoot.toMillis());
    assertThat(worstRecovery).isLessThanOrEqualTo(Duration.ofSeconds(30));
    assertThat(phases.getOrDefault("extracting", 0) + phases.getOrDefault("staging", 0))
        .as("kills during extraction and staging")
        .isPositive();
    Snapshot after = Snapshot.of(tenant);
    assertThat(after.rows()).as("rows: none lost, none duplicated").isEqualTo(reference.rows());
    assertThat(after.cursors()).as("cursors").isEqualTo(reference.cursors());
  }

  private static final int KILL_POINTS = 20;

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** The phase of the tenant's newest package: extracting (no rows staged yet), staging, … */
  private static String phase(String tenant) {
    List<String> s = status(tenant);
    if (s.isEmpty()) {
      return "starting";
    }
    String last = s.get(s.size() - 1);
    if (last.equals("extracting")) {
      return newestStagingRows(tenant) > 0 ? "staging" : "extracting";
    }
    return last.equals("staged") ? "commit" : "after";
  }

  private static long newestStagingRows(String tenant) {
    String schema =
        jdbc.queryForObject(
            "SELECT staging_schema FROM flowloader.load_package WHERE id = (SELECT max(id) FROM"
                + " flowloader.load_package WHERE tenant = ?)",
            String.class,
            tenant);
    long rows = 0;
    for (String table : datasetTables(schema)) {
      try {
        rows +=
            jdbc.queryForObject("SELECT count(*) FROM " + q(schema) + "." + q(table), Long.class);
      } catch (RuntimeException e) {
        // dropped meanwhile
      }
    }
    return rows;
  }

  // ------------------------------------------------------------------ the checks

  private static void assertSameAsCleanLoad(String tenant, int loads) {
    Snapshot after = Snapshot.of(tenant);
    assertThat(after.columns()).as("tables and columns").isEqualTo(reference.columns());
    assertThat(after.rows().keySet()).isEqualTo(reference.rows().keySet());
    after
        .rows()
        .forEach(
            (table, rows) -> {
              assertThat(rows.size())
                  .as("rows of %s", table)
                  .isEqualTo(reference.rows().get(table).size());
              assertThat(rows)
                  .as("row contents of %s", table)
                  .isEqualTo(reference.rows().get(table));
            });
    assertThat(after.cursors()).as("cursors").isEqualTo(reference.cursors());
    assertThat(after.versions()).as("_dlt_version").isEqualTo(reference.versions());
    // One _dlt_loads row (status 0) per committed package, and only those.
    List<String> loaded =
        jdbc.queryForList(
            "SELECT load_id FROM flowloader.load_package WHERE tenant = ? AND status = 'loaded'"
                + " ORDER BY load_id",
            String.class,
            tenant);
    assertThat(loaded).hasSize(loads);
    assertThat(
            jdbc.queryForList(
                "SELECT load_id FROM " + q(tenant) + "._dlt_loads WHERE status = 0 ORDER BY 1",
                String.class))
        .isEqualTo(loaded);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM " + q(tenant) + "._dlt_loads", Long.class))
        .isEqualTo(loads);
    // Staging schemas are reused: those left are empty.
    for (String schema :
        jdbc.queryForList(
            "SELECT DISTINCT staging_schema FROM flowloader.load_package WHERE tenant = ?",
            String.class,
            tenant)) {
      assertThat(rowsIn(schema)).as("rows left in staging schema %s", schema).isZero();
    }
  }

  /** Tables, columns and rows of a dataset, plus the tenant's cursors. */
  record Snapshot(
      Map<String, List<String>> columns,
      Map<String, List<String>> rows,
      List<String> cursors,
      List<String> versions) {

    static Snapshot of(String dataset) {
      Map<String, List<String>> columns = new TreeMap<>();
      Map<String, List<String>> rows = new TreeMap<>();
      for (String table : datasetTables(dataset)) {
        columns.put(
            table,
            jdbc.queryForList(
                "SELECT column_name || ' ' || data_type || ' ' || is_nullable FROM"
                    + " information_schema.columns WHERE table_schema = ? AND table_name = ?"
                    + " ORDER BY ordinal_position",
                String.class,
                dataset,
                table));
        if (!table.startsWith("_dlt_")) {
          String without =
              LINEAGE.stream().map(c -> " - '" + c + "'").collect(Collectors.joining());
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
          rows.put(table, r);
        }
      }
      List<String> versions =
          datasetTables(dataset).contains("_dlt_version")
              ? jdbc.queryForList(
                  "SELECT version || ' ' || schema_name || ' ' || version_hash FROM "
                      + q(dataset)
                      + "._dlt_version ORDER BY version",
                  String.class)
              : List.of();
      return new Snapshot(columns, rows, CrashSafetyIntegrationTests.cursors(dataset), versions);
    }
  }

  // ------------------------------------------------------------------ the loader JVM

  /** One one-shot loader JVM with one tenant whose name and dataset are {@code tenant}. */
  static final class Child {
    private final Process process;
    private final Path output;
    private final Instant started;

    private Child(Process process, Path output, Instant started) {
      this.process = process;
      this.output = output;
      this.started = started;
    }

    /**
     * Starts the JVM and waits until its application context is up (the load starts right after). A
     * start refused by a full PostgreSQL server (shared with other test runs) is retried.
     */
    static Child start(String tenant) throws IOException, InterruptedException {
      for (int attempt = 1; ; attempt++) {
        Child child = launch(tenant);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (child.alive()
            && !child.output().contains("Started FlowLoaderApplication")
            && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        if (child.alive()
            || child.process.exitValue() == 0
            || !child.output().contains("too many clients")
            || attempt == 3) {
          return child;
        }
        Thread.sleep(5_000);
      }
    }

    private static Child launch(String tenant) throws IOException {
      TestDatabase db = TestDatabase.get();
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Xmx256m");
      cmd.add("-XX:TieredStopAtLevel=1");
      cmd.add("-XX:+UseSerialGC");
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(FlowLoaderApplication.class.getName());
      cmd.add("--flowloader.run-once=true");
      cmd.add("--spring.main.web-application-type=none");
      cmd.add("--spring.datasource.url=" + db.jdbcUrl());
      cmd.add("--spring.datasource.username=" + db.username());
      cmd.add("--spring.datasource.password=" + db.password());
      cmd.add("--flowloader.http.requests-per-second=500");
      cmd.add("--flowloader.http.max-retries=1");
      cmd.add("--flowloader.http.read-timeout=120s");
      // Graphs fetched one at a time: with concurrent fan-out the order in which child-table
      // columns are discovered (and so their column order) varies from load to load.
      cmd.add("--flowloader.http.fan-out-concurrency=1");
      cmd.add("--spring.datasource.hikari.maximum-pool-size=5");
      cmd.add("--spring.datasource.hikari.minimum-idle=1");
      cmd.add("--flowloader.tenants[0].name=" + tenant);
      cmd.add("--flowloader.tenants[0].tenant-id=" + SimulatorSupport.ACME_ID);
      cmd.add("--flowloader.tenants[0].api-key=" + SimulatorSupport.ACME_KEY);
      cmd.add("--flowloader.tenants[0].base-url=" + SimulatorSupport.shared().baseUrl());
      cmd.add("--flowloader.tenants[0].dataset=" + tenant);
      Path out = Files.createTempFile(logs, tenant, ".log");
      Instant started = Instant.now();
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      return new Child(p, out, started);
    }

    int awaitExit() throws InterruptedException {
      if (!process.waitFor(3, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("loader JVM did not finish:\n" + output());
      }
      return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no finally block, no graceful abort runs. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as("killed by signal 9").isEqualTo(128 + 9);
    }

    boolean alive() {
      return process.isAlive();
    }

    /**
     * Kills the JVM unless it has ended; false when it ended by itself, cleanly (also when it did
     * so between the check and the signal).
     */
    boolean killIfAlive() throws InterruptedException {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      if (process.exitValue() == 0) {
        return false;
      }
      assertThat(process.exitValue()).as("killed by signal 9").isEqualTo(128 + 9);
      return true;
    }

    /** When this JVM's application context had started (the log line's ISO timestamp). */
    Instant contextStartedAt() {
      for (String line : output().split("\n")) {
        if (line.contains("Started FlowLoaderApplication")) {
          return Instant.parse(line.substring(0, line.indexOf(' ')));
        }
      }
      throw new AssertionError("no start logged:\n" + output());
    }

    /** When this JVM logged its load's start (the log line's ISO timestamp). */
    Instant loadStartedAt(String tenant) {
      for (String line : output().split("\n")) {
        if (line.contains("of tenant " + tenant + " started")) {
          return Instant.parse(line.substring(0, line.indexOf(' ')));
        }
      }
      throw new AssertionError("no load start logged:\n" + output());
    }

    String output() {
      try {
        return Files.readString(output, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(no output: " + e + ")";
      }
    }

    /**
     * Requests that reached the simulator since this JVM started, per endpoint (by arrival: a
     * killed JVM's request still held by a slow fault is logged only when it ends).
     */
    Map<String, Long> requests() {
      return requestsPerEndpoint(started);
    }
  }

  /**
   * The tenant's next load. The killed JVM's load lock is a session advisory lock: PostgreSQL
   * released it when the JVM's connection closed, so nothing is expired or cleaned by hand.
   */
  private static Child recover(String tenant) throws Exception {
    awaitTrue("the killed load's lock to be released", () -> !loadLockHeld(tenant), null);
    Child next = Child.start(tenant);
    assertThat(next.awaitExit()).as(next.output()).isZero();
    assertThat(next.output()).contains("run-once: 1 of 1 tenant load(s) succeeded");
    return next;
  }

  /** True while some session holds the tenant's load lock. */
  private static boolean loadLockHeld(String tenant) {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND"
                + " objsubid = 2 AND classid = (hashtext('flowloader.load')::bigint &"
                + " 4294967295)::oid AND objid = (hashtext(?)::bigint & 4294967295)::oid)",
            Boolean.class,
            tenant));
  }

  // ------------------------------------------------------------------ observing from outside

  private static FaultSpec slow(String endpoint) {
    return FaultSpec.of("acme", endpoint, FaultKind.SLOW_FIRST_BYTE)
        .withTiming(HOLD_MILLIS, 64)
        .withCount(1);
  }

  private static long matched(long faultId) {
    return sim.faults().stream()
        .filter(f -> ((Number) f.get("id")).longValue() == faultId)
        .mapToLong(f -> ((Number) f.get("matched")).longValue())
        .findFirst()
        .orElse(0);
  }

  private static Map<String, Long> requestsPerEndpoint(Instant since) {
    return sim.requests().stream()
        .filter(r -> !r.at().isBefore(since))
        .filter(r -> "acme".equals(r.tenant()) && r.endpoint() != null)
        .collect(
            Collectors.groupingBy(RequestLogEntry::endpoint, TreeMap::new, Collectors.counting()));
  }

  private static List<String> status(String tenant) {
    return jdbc.queryForList(
        "SELECT status FROM flowloader.load_package WHERE tenant = ? ORDER BY id",
        String.class,
        tenant);
  }

  private static String statusOf(String loadId) {
    return jdbc.queryForObject(
        "SELECT status FROM flowloader.load_package WHERE load_id = ?", String.class, loadId);
  }

  private static String onlyPackage(String tenant) {
    List<String> ids =
        jdbc.queryForList(
            "SELECT load_id FROM flowloader.load_package WHERE tenant = ?", String.class, tenant);
    assertThat(ids).hasSize(1);
    return ids.get(0);
  }

  private static String stagingSchemaOf(String loadId) {
    return jdbc.queryForObject(
        "SELECT staging_schema FROM flowloader.load_package WHERE load_id = ?",
        String.class,
        loadId);
  }

  private static boolean stagingSchemaExists(String loadId) {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)",
            Boolean.class,
            stagingSchemaOf(loadId)));
  }

  /** Rows in the tables of a staging schema (0 when it does not exist). */
  private static long rowsIn(String schema) {
    long rows = 0;
    for (String table : datasetTables(schema)) {
      rows += jdbc.queryForObject("SELECT count(*) FROM " + q(schema) + "." + q(table), Long.class);
    }
    return rows;
  }

  /** Rows in the staging tables of the tenant's (single) package. */
  private static long stagingRows(String tenant) {
    List<String> schemas =
        jdbc.queryForList(
            "SELECT staging_schema FROM flowloader.load_package WHERE tenant = ?",
            String.class,
            tenant);
    return schemas.isEmpty() ? 0 : rowsIn(schemas.get(0));
  }

  /** True while a session waits for an advisory lock (the loader's commit, held by the test). */
  private static boolean commitWaiting() {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))",
            Boolean.class));
  }

  private static void lockDataset(Connection c, String dataset) throws SQLException {
    try (var st =
        c.prepareStatement(
            "SELECT pg_advisory_lock(hashtext('flowloader.dataset'), hashtext(?))")) {
      st.setString(1, dataset);
      st.execute();
    }
  }

  private static List<String> datasetTables(String schema) {
    return jdbc.queryForList(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY 1",
        String.class,
        schema);
  }

  private static List<String> cursors(String tenant) {
    return jdbc.queryForList(
        "SELECT concat_ws(' | ', resource, coalesce(parent_key, '-'), cursor_path, value_type,"
            + " value, boundary_keys::text) FROM flowloader.cursor_state WHERE tenant = ?"
            + " ORDER BY 1",
        String.class,
        tenant);
  }

  private static String q(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static void awaitTrue(String what, BooleanSupplier condition, Child child)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!condition.getAsBoolean()) {
      if (child != null && !child.alive()) {
        throw new AssertionError("loader JVM ended before " + what + ":\n" + child.output());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out waiting for " + what + (child == null ? "" : ":\n" + child.output()));
      }
      Thread.sleep(100);
    }
  }
}
