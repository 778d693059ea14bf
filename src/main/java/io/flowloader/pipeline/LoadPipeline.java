package io.flowloader.pipeline;

import io.flowloader.extract.CursorValue;
import io.flowloader.extract.ExtractOptions;
import io.flowloader.extract.ExtractRequest;
import io.flowloader.extract.Extractor;
import io.flowloader.extract.RecordSink;
import io.flowloader.extract.ResourceCursor;
import io.flowloader.load.Loader;
import io.flowloader.load.StagingWriter;
import io.flowloader.load.TableFailures;
import io.flowloader.normalize.ColumnHint;
import io.flowloader.normalize.DataType;
import io.flowloader.normalize.NormalizeWarning;
import io.flowloader.normalize.NormalizedRow;
import io.flowloader.normalize.Normalizer;
import io.flowloader.normalize.ResourceSettings;
import io.flowloader.normalize.Scd2;
import io.flowloader.normalize.Schema;
import io.flowloader.normalize.SchemaContract;
import io.flowloader.normalize.WriteDisposition;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.LoadPackages;
import io.flowloader.pkg.LoadWarning;
import io.flowloader.pkg.LoadWarnings;
import io.flowloader.pkg.PackageStatus;
import io.flowloader.pkg.Trigger;
import io.flowloader.source.ContractConfig;
import io.flowloader.source.IncrementalConfig;
import io.flowloader.source.JsonPath;
import io.flowloader.source.ResourceDefinition;
import io.flowloader.source.Scd2Config;
import io.flowloader.source.SourceDefinition;
import io.flowloader.state.Cursor;
import io.flowloader.state.CursorKey;
import io.flowloader.state.CursorType;
import io.flowloader.state.StateStore;
import io.flowloader.tenant.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.scheduling.TaskScheduler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One load of one tenant, end to end: resume rules, extract → normalize → stage, then the
 * one-transaction commit. The caller holds the tenant's cluster lock for the whole load.
 *
 * <p>Cursor positions reached by extraction are handed to the commit and become state only when the
 * dataset commit succeeds; a load that fails or is cancelled leaves dataset and cursors as they
 * were, so the next load re-reads from the same place.
 */
public class LoadPipeline {

  /** dlt's schema name for this source: the pipeline name of the dlt Boomi Flow pipeline. */
  public static final String SCHEMA_NAME = "boomi_flow";

  private static final Logger log = LoggerFactory.getLogger(LoadPipeline.class);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final SourceDefinition source;
  private final Extractor extractor;
  private final Loader loader;
  private final LoadPackages packages;
  private final StateStore state;
  private final LoadMetrics metrics;
  private final ExtractOptions extractOptions;
  private final PackageEnds ends;
  private final Duration maxLoadDuration;
  private final TaskScheduler deadlines;
  private final boolean isolate;
  private final LoadWarnings warnings;
  private final LoadProgress progress = new LoadProgress();

  public LoadPipeline(
      SourceDefinition source,
      Extractor extractor,
      Loader loader,
      LoadPackages packages,
      StateStore state,
      LoadMetrics metrics,
      ExtractOptions extractOptions,
      PackageEnds ends,
      Duration maxLoadDuration,
      TaskScheduler deadlines,
      boolean isolate,
      LoadWarnings warnings) {
    this.warnings = warnings;
    this.source = source;
    this.extractor = extractor;
    this.loader = loader;
    this.packages = packages;
    this.state = state;
    this.metrics = metrics;
    this.extractOptions = extractOptions;
    this.ends = ends;
    this.maxLoadDuration = maxLoadDuration;
    this.deadlines = deadlines;
    this.isolate = isolate;
  }

  /**
   * Applies the resume rules to the tenant's unfinished packages, then opens this load's package.
   *
   * @throws IllegalArgumentException when the options name a resource the source does not have
   */
  public PreparedLoad prepare(Tenant tenant, Trigger trigger, LoadOptions options) {
    List<String> resources = resources(tenant, options);
    ends.writePending();
    StagingWriter writer = loader.open(tenant.name(), tenant.dataset(), trigger, resources);
    return new PreparedLoad(tenant, trigger, options, resources, writer);
  }

  /**
   * Records extracted so far per resource by a load running in this process (empty for a load that
   * is not running here), for the inspector's live view.
   */
  public Map<String, Long> recordsSoFar(String loadId) {
    return progress.recordsSoFar(loadId);
  }

  /** The load id of the tenant's load in progress, if any (for {@code 409} answers). */
  public Optional<String> runningLoadId(String tenant) {
    return packages.unfinished(tenant).stream()
        .filter(p -> p.status() == PackageStatus.EXTRACTING || p.status() == PackageStatus.STAGED)
        .reduce((a, b) -> b)
        .map(LoadPackage::loadId);
  }

  /**
   * Runs a prepared load to its end. Never throws: the returned package tells the outcome. Whatever
   * fails, the load's gauge is decremented, its outcome counted, its staging dropped and its end
   * recorded with the cause (later, when the database is down now: {@link PackageEnds}).
   */
  public LoadPackage execute(PreparedLoad load) {
    Tenant tenant = load.tenant();
    String trigger = load.trigger().name().toLowerCase();
    MDC.put("tenant", tenant.name());
    MDC.put("load_id", load.loadId());
    long started = System.nanoTime();
    metrics.loadStarted(tenant.name());
    log.info(
        "load {} of tenant {} started ({}, resources {})",
        load.loadId(),
        tenant.name(),
        trigger,
        load.resources());
    LoadPackage result = load.pkg();
    String outcome = "failure";
    load.runningOn(Thread.currentThread());
    ScheduledFuture<?> deadline =
        deadlines.schedule(
            () ->
                load.expire(
                    "load exceeded its maximum duration of "
                        + maxLoadDuration
                        + " (flowloader.max-load-duration)"),
            Instant.now().plus(maxLoadDuration));
    progress.start(load.loadId());
    try {
      result = run(load);
      outcome = result.status() == PackageStatus.PARTIAL ? "partial" : "success";
      metrics.resourceOutcomes(tenant.name(), load.resources(), load.failedResources());
      metrics.rowsLoaded(
          tenant.name(),
          result.jobs().stream()
              .filter(j -> j.status() != io.flowloader.pkg.JobStatus.FAILED)
              .mapToLong(j -> j.rows())
              .sum());
    } catch (RuntimeException | Error e) {
      deadline.cancel(false);
      boolean abort = load.cancelled() && load.expired() == null;
      if (load.cancelled()) {
        // Cancelled (shutdown or deadline): whatever the interrupted call threw, this is why.
        Thread.interrupted();
      }
      String error =
          load.expired() != null
              ? load.expired()
              : abort ? "aborted: the service is shutting down" : Failures.describe(e);
      outcome = abort ? "aborted" : "failure";
      if (!abort) {
        // Once, with the stack trace; the package keeps the one-line cause.
        log.error("load {} of tenant {} failed: {}", load.loadId(), tenant.name(), error, e);
      }
      try {
        load.writer().stop();
      } catch (RuntimeException stop) {
        log.warn("load {}: stopping its staging senders failed", load.loadId(), stop);
      }
      result = ends.end(load.pkg(), abort, error);
    } finally {
      progress.finish(load.loadId());
      deadline.cancel(false);
      // From now on a cancel (lock lost, deadline) must not interrupt this pooled thread's next
      // job.
      load.runningOn(null);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      metrics.loadFinished(tenant.name(), outcome, took);
      log.info(
          "load {} of tenant {} {} in {} ms: {} rows {}",
          load.loadId(),
          tenant.name(),
          result.status().name().toLowerCase(),
          took.toMillis(),
          result.rows(),
          rowsPerTable(result));
      MDC.remove("tenant");
      MDC.remove("load_id");
    }
    return result;
  }

  private LoadPackage run(PreparedLoad load) {
    Tenant tenant = load.tenant();
    StagingWriter writer = load.writer();
    // Earlier packages first: a staged one is committed (its cursors then count for this load),
    // an interrupted one aborted. Done here, on the load's thread, not in POST /loads.
    loader.resume(tenant.name(), load.loadId());
    checkCancelled(load);
    Schema current =
        loader.currentSchema(tenant.dataset(), SCHEMA_NAME).orElse(Schema.empty(SCHEMA_NAME));
    Map<CursorKey, Cursor> stored =
        load.options().fullRefresh() ? Map.of() : state.load(tenant.name());
    Normalizer normalizer = new Normalizer(current, writer.loadId(), normalizerSettings(source));
    normalizer.deferChildIds(true); // child ids are hashed by the staging sender thread
    Map<CursorKey, Cursor> cursorUpdates = new LinkedHashMap<>();
    Sink sink = new Sink(load, normalizer, writer, cursorUpdates);
    if (isolate) {
      writer.isolateTableFailures();
    }
    ExtractRequest request =
        new ExtractRequest(
            tenant.name(),
            tenant.tenantId(),
            tenant.apiKey(),
            tenant.baseUrl(),
            Set.copyOf(load.resources()),
            toExtract(stored),
            extractOptions);
    extractor.extract(request, sink);
    checkCancelled(load);
    report(load, normalizer.warnings());
    String changes = JSON.writeValueAsString(normalizer.changes());
    if (isolate) {
      stagingFailures(load, writer.settle(), normalizer.schema(), sink.failed);
    }
    if (!sink.failed.isEmpty() && sink.failed.keySet().containsAll(sink.completed)) {
      // Every resource failed: nothing to commit, so the load fails as a whole (never a
      // "partial" load that commits only a _dlt_loads row).
      throw sink.firstFailure != null
          ? sink.firstFailure
          : new IllegalStateException("every resource failed: " + sink.failed);
    }
    LoadPackage staged;
    if (sink.failed.isEmpty()) {
      staged = writer.finish(normalizer.schema(), cursorUpdates, changes);
    } else {
      // Isolated failures: their tables keep the dataset's current shape and rows, their cursors
      // stay; every other resource commits as usual.
      Set<String> discarded = new java.util.HashSet<>();
      Map<String, io.flowloader.normalize.TableSchema> kept = new LinkedHashMap<>();
      normalizer
          .schema()
          .tables()
          .forEach(
              (name, table) -> {
                if (table.resource() != null && sink.failed.containsKey(table.resource())) {
                  discarded.add(name);
                  if (current.table(name) != null) {
                    kept.put(name, current.table(name));
                  }
                } else {
                  kept.put(name, table);
                }
              });
      Schema schema =
          kept.equals(current.tables())
              ? current
              : kept.equals(normalizer.schema().tables())
                  ? normalizer.schema()
                  : Schema.evolve(current, kept);
      cursorUpdates.keySet().removeIf(k -> sink.failed.containsKey(k.resource()));
      StringBuilder error = new StringBuilder("resource(s) failed, the others committed:");
      sink.failed.forEach(
          (r, cause) -> error.append(' ').append(r).append(": ").append(cause).append(';'));
      staged =
          writer.finish(
              schema, cursorUpdates, changes, discarded, error.substring(0, error.length() - 1));
    }
    Set<String> failed = new java.util.LinkedHashSet<>(sink.failed.keySet());
    checkCancelled(load);
    LoadPackage committed = loader.commit(staged, isolate ? tableFailures(load, failed) : null);
    load.failedResources(failed);
    return committed;
  }

  /**
   * Staging tables the database rejected (e.g. more than 1600 columns) fail their resource, which
   * is then left out as any failed resource; a table without a resource fails the load.
   */
  private void stagingFailures(
      PreparedLoad load,
      Map<String, RuntimeException> failedTables,
      Schema schema,
      Map<String, String> failed) {
    failedTables.forEach(
        (table, cause) -> {
          io.flowloader.normalize.TableSchema t = schema.table(table);
          if (t == null || t.resource() == null || Failures.databaseUnavailable(cause)) {
            throw cause;
          }
          if (!failed.containsKey(t.resource())) {
            String why = Failures.describe(cause);
            failed.put(t.resource(), why);
            log.error(
                "load {} of tenant {}: resource {} failed in staging (table {}), the others go on:"
                    + " {}",
                load.loadId(),
                load.tenant().name(),
                t.resource(),
                table,
                why,
                cause);
          }
        });
  }

  /**
   * Isolates a resource whose tables the database rejected in the commit (a constraint, a value, a
   * limit such as 1600 columns): the commit runs again without it. Never a lost connection, a
   * deadlock or serialization failure (SQL state class 40: not the table's fault) or a cancelled
   * load.
   */
  private TableFailures tableFailures(PreparedLoad load, Set<String> failed) {
    return (resource, cause) -> {
      String state = Failures.sqlState(cause);
      if (load.cancelled()
          || Thread.currentThread().isInterrupted()
          || Failures.databaseUnavailable(cause)
          || (state != null && state.startsWith("40"))) {
        return null;
      }
      String why = Failures.describe(cause);
      failed.add(resource);
      log.error(
          "load {} of tenant {}: resource {} failed in the commit, the others are committed: {}",
          load.loadId(),
          load.tenant().name(),
          resource,
          why,
          cause);
      return why;
    };
  }

  /**
   * The normalizer's warnings of this load — values it repaired, merged or dropped: one log line
   * each, a counter per tenant, table and kind, and stored with the package for {@code GET
   * /loads/{id}}. Recorded before the commit, so a load that then fails still reports them.
   */
  private void report(PreparedLoad load, List<NormalizeWarning> found) {
    String tenant = load.tenant().name();
    List<LoadWarning> stored = new ArrayList<>(found.size());
    for (NormalizeWarning w : found) {
      log.warn(
          "load {} of tenant {}: {} in table {}{}: {} time(s); {}",
          load.loadId(),
          tenant,
          w.kind(),
          w.table(),
          w.column() == null ? "" : " column " + w.column(),
          w.count(),
          explain(w.kind()));
      metrics.normalizeWarnings(tenant, w.table(), w.kind().name(), w.count());
      stored.add(new LoadWarning(w.table(), w.column(), w.kind().name(), w.count()));
    }
    warnings.record(load.loadId(), stored);
  }

  /** What happened to the values, in the words of docs/dlt-compatibility.md. */
  private static String explain(NormalizeWarning.Kind kind) {
    return switch (kind) {
      case HUGE_INTEGER ->
          "integers beyond int64 were stored exactly as numeric (dlt would fail the load)";
      case NON_FINITE_DOUBLE ->
          "strings NaN/Infinity were stored as PostgreSQL's NaN/Infinity (dlt would fail the load)";
      case DOUBLE_OUT_OF_RANGE ->
          "numbers beyond the double range were stored as NULL, as dlt does";
      case INVALID_CHARACTER_REPLACED ->
          "U+0000 or lone surrogates were replaced by U+FFFD (PostgreSQL cannot store them)";
      case UNDERSCORE_KEY_RENAMED -> "keys made only of underscores were named _empty";
      case COLUMN_COLLISION ->
          "two keys normalized to the same column; the later value won, as in dlt";
      case LIST_COLLISION ->
          "two lists normalized to the same child table; the later list won, as in dlt";
      case LOAD_ID_OVERWRITTEN -> "a source key _dlt_load_id was overwritten by the load id";
      case SOURCE_ROW_ID -> "a source key _dlt_id was used as the row key, as in dlt";
      case ROW_DISCARDED -> "rows were discarded by the resource's schema_contract";
      case VALUE_DISCARDED -> "values were discarded by the resource's schema_contract";
    };
  }

  /** Normalizes and stages records as extraction delivers them (calls are serialised). */
  private final class Sink implements RecordSink {
    private final PreparedLoad load;
    private final Normalizer normalizer;
    private final StagingWriter writer;
    private final Map<CursorKey, Cursor> cursorUpdates;
    private final Map<String, String> failed = new LinkedHashMap<>();
    private final Set<String> completed = new java.util.HashSet<>();
    private RuntimeException firstFailure;
    private final Map<String, LongAdder> recordsByResource;
    private long records;
    private long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();

    Sink(
        PreparedLoad load,
        Normalizer normalizer,
        StagingWriter writer,
        Map<CursorKey, Cursor> cursorUpdates) {
      this.load = load;
      this.normalizer = normalizer;
      this.writer = writer;
      this.cursorUpdates = cursorUpdates;
      this.recordsByResource = progress.counts(load.loadId());
    }

    @Override
    public void record(String resource, JsonNode record) {
      checkCancelled(load);
      if (failed.containsKey(resource)) {
        return;
      }
      normalizer.normalize(resource, record, this::stage);
      records++;
      recordsByResource.computeIfAbsent(resource, r -> new LongAdder()).increment();
      if (System.nanoTime() > nextProgress) {
        nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
        log.info(
            "load {} of tenant {}: {} records so far, {} rows staged",
            load.loadId(),
            load.tenant().name(),
            records,
            writer.rowCounts().values().stream().mapToLong(Long::longValue).sum());
      }
    }

    private void stage(NormalizedRow row) {
      writer.write(normalizer.schema().table(row.table()), row);
    }

    /**
     * With {@code flowloader.on-resource-failure: isolate}, a resource's failure is recorded and
     * the others go on; never for a cancelled load, an authentication failure (401: the tenant's
     * key, every resource would fail alike) or a database error (the staging is shared).
     */
    @Override
    public boolean resourceFailed(String resource, RuntimeException cause) {
      if (!isolate
          || load.cancelled()
          || Thread.currentThread().isInterrupted()
          || (cause instanceof io.flowloader.extract.ExtractException x
              && x.status() != null
              && x.status() == 401)
          || !(cause instanceof io.flowloader.extract.ExtractException
              || cause instanceof io.flowloader.normalize.NormalizeException)) {
        return false;
      }
      String why = Failures.describe(cause);
      failed.put(resource, why);
      if (firstFailure == null) {
        firstFailure = cause;
      }
      log.error(
          "load {} of tenant {}: resource {} failed, the others go on: {}",
          load.loadId(),
          load.tenant().name(),
          resource,
          why,
          cause);
      return true;
    }

    @Override
    public void resourceCompleted(String resource, long count, ResourceCursor cursor) {
      completed.add(resource);
      if (cursor == null) {
        return;
      }
      String path = cursorPath(resource);
      cursor
          .byParent()
          .forEach(
              (parentKey, value) ->
                  cursorUpdates.put(
                      new CursorKey(resource, parentKey.isEmpty() ? null : parentKey),
                      new Cursor(
                          path, typeOf(value.value()), value.value(), value.boundaryKeys())));
    }

    @Override
    public void pageFetched(String resource, int count) {
      metrics.pageFetched(load.tenant().name());
    }

    @Override
    public void retried(String resource, String reason, Duration delay) {
      metrics.retried(load.tenant().name(), reason);
    }

    @Override
    public void rateLimitWaited(String resource, Duration waited) {
      metrics.rateLimitWaited(load.tenant().name(), waited);
    }
  }

  private List<String> resources(Tenant tenant, LoadOptions options) {
    List<String> wanted =
        !options.resources().isEmpty()
            ? options.resources()
            : !tenant.resources().isEmpty() ? tenant.resources() : source.selectedByDefault();
    List<String> unknown = new ArrayList<>();
    for (String r : wanted) {
      if (source.resources().stream().noneMatch(d -> d.name().equals(r))) {
        unknown.add(r);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown resource(s) " + unknown + "; the source has " + resourceNames());
    }
    return List.copyOf(wanted);
  }

  /** The source's resource names. */
  public List<String> resourceNames() {
    return source.resources().stream().map(ResourceDefinition::name).toList();
  }

  /**
   * The normalizer settings of each resource of {@code source} (table, disposition, keys, nesting,
   * contract, column hints): one derivation for loads and for the dry-run command.
   */
  public static Map<String, ResourceSettings> normalizerSettings(SourceDefinition source) {
    Map<String, ResourceSettings> out = new HashMap<>();
    for (ResourceDefinition r : source.resources()) {
      out.put(
          r.name(),
          new ResourceSettings(
              r.table(),
              disposition(r),
              r.primaryKey(),
              r.maxTableNesting() == null
                  ? ResourceSettings.DEFAULT_MAX_TABLE_NESTING
                  : r.maxTableNesting(),
              contract(r.schemaContract()),
              hints(r.columns()),
              scd2(r),
              nestedHints(r)));
    }
    return out;
  }

  private static List<ColumnHint> hints(List<io.flowloader.source.ColumnHint> hints) {
    return hints.stream()
        .map(
            h ->
                new ColumnHint(
                    h.name(),
                    dataType(h.dataType()),
                    h.nullable(),
                    h.primaryKey(),
                    h.precision(),
                    h.scale(),
                    h.timezone()))
        .toList();
  }

  private static Map<List<String>, List<ColumnHint>> nestedHints(ResourceDefinition r) {
    Map<List<String>, List<ColumnHint>> out = new LinkedHashMap<>();
    r.nestedColumns().forEach((path, hints) -> out.put(path, hints(hints)));
    return out;
  }

  private static SchemaContract contract(ContractConfig c) {
    return c == null
        ? SchemaContract.EVOLVE
        : new SchemaContract(mode(c.tables()), mode(c.columns()), mode(c.dataType()));
  }

  private static SchemaContract.Mode mode(String dltName) {
    return dltName == null ? null : SchemaContract.Mode.parse(dltName);
  }

  private static DataType dataType(String dltName) {
    if (dltName == null) {
      return null;
    }
    for (DataType t : DataType.values()) {
      if (t.dltName().equals(dltName)) {
        return t;
      }
    }
    throw new IllegalStateException("unsupported data_type " + dltName);
  }

  private static Scd2 scd2(ResourceDefinition r) {
    Scd2Config c = r.scd2();
    if (c == null) {
      return null;
    }
    return new Scd2(
        c.validFrom(),
        c.validTo(),
        c.activeRecordTimestamp(),
        c.boundaryTimestamp(),
        c.rowVersionColumnName(),
        r.mergeKey());
  }

  /** The source definition's disposition and merge strategy as the normalizer's one. */
  private static WriteDisposition disposition(ResourceDefinition r) {
    return switch (r.writeDisposition()) {
      case APPEND -> WriteDisposition.APPEND;
      case REPLACE -> WriteDisposition.REPLACE;
      case MERGE ->
          switch (r.mergeStrategy()) {
            case DELETE_INSERT -> WriteDisposition.MERGE;
            case UPSERT -> WriteDisposition.UPSERT;
            case SCD2 -> WriteDisposition.SCD2;
          };
    };
  }

  private String cursorPath(String resource) {
    IncrementalConfig inc = source.resource(resource).endpoint().incremental();
    if (inc == null) {
      return "";
    }
    JsonPath path = inc.cursorPath() != null ? inc.cursorPath() : inc.parentVersionPath();
    return path == null ? "" : path.expression();
  }

  private static CursorType typeOf(String value) {
    try {
      Instant.parse(value);
      return CursorType.TIMESTAMP;
    } catch (DateTimeParseException e) {
      return value.matches("-?\\d{1,18}") ? CursorType.BIGINT : CursorType.TEXT;
    }
  }

  /** Stored cursors as the extractor takes them: per resource, per parent key. */
  public static Map<String, ResourceCursor> toExtract(Map<CursorKey, Cursor> stored) {
    Map<String, Map<String, CursorValue>> byResource = new HashMap<>();
    stored.forEach(
        (key, cursor) ->
            byResource
                .computeIfAbsent(key.resource(), r -> new HashMap<>())
                .put(
                    key.parentKey() == null ? ResourceCursor.ROOT : key.parentKey(),
                    new CursorValue(cursor.value(), cursor.boundaryKeys())));
    Map<String, ResourceCursor> out = new HashMap<>();
    byResource.forEach((r, m) -> out.put(r, new ResourceCursor(m)));
    return out;
  }

  private static void checkCancelled(PreparedLoad load) {
    if (load.cancelled() || Thread.currentThread().isInterrupted()) {
      throw new CancellationException("the service is shutting down");
    }
  }

  private static String rowsPerTable(LoadPackage pkg) {
    StringBuilder b = new StringBuilder("{");
    pkg.jobs().stream()
        .sorted((a, c) -> a.tableName().compareTo(c.tableName()))
        .forEach(
            j ->
                b.append(b.length() > 1 ? ", " : "")
                    .append(j.tableName())
                    .append('=')
                    .append(j.rows()));
    return b.append('}').toString();
  }
}
