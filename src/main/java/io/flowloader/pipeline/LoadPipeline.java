package io.flowloader.pipeline;

import io.flowloader.extract.CursorValue;
import io.flowloader.extract.ExtractOptions;
import io.flowloader.extract.ExtractRequest;
import io.flowloader.extract.Extractor;
import io.flowloader.extract.RecordSink;
import io.flowloader.extract.ResourceCursor;
import io.flowloader.load.Loader;
import io.flowloader.load.StagingWriter;
import io.flowloader.normalize.NormalizedRow;
import io.flowloader.normalize.Normalizer;
import io.flowloader.normalize.ResourceSettings;
import io.flowloader.normalize.Schema;
import io.flowloader.normalize.WriteDisposition;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.LoadPackages;
import io.flowloader.pkg.PackageStatus;
import io.flowloader.pkg.Trigger;
import io.flowloader.source.IncrementalConfig;
import io.flowloader.source.JsonPath;
import io.flowloader.source.ResourceDefinition;
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
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
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
  private final LoadProgress progress = new LoadProgress();

  public LoadPipeline(
      SourceDefinition source,
      Extractor extractor,
      Loader loader,
      LoadPackages packages,
      StateStore state,
      LoadMetrics metrics,
      ExtractOptions extractOptions) {
    this.source = source;
    this.extractor = extractor;
    this.loader = loader;
    this.packages = packages;
    this.state = state;
    this.metrics = metrics;
    this.extractOptions = extractOptions;
  }

  /**
   * Applies the resume rules to the tenant's unfinished packages, then opens this load's package.
   *
   * @throws IllegalArgumentException when the options name a resource the source does not have
   */
  public PreparedLoad prepare(Tenant tenant, Trigger trigger, LoadOptions options) {
    List<String> resources = resources(tenant, options);
    loader.resume(tenant.name());
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

  /** Runs a prepared load to its end. Never throws: the returned package tells the outcome. */
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
    LoadPackage result;
    String outcome;
    load.runningOn(Thread.currentThread());
    progress.start(load.loadId());
    try {
      result = run(load);
      outcome = "success";
      result.jobs().forEach(j -> metrics.rowsLoaded(tenant.name(), j.tableName(), j.rows()));
    } catch (RuntimeException e) {
      if (load.cancelled()) {
        // Cancelled on shutdown: whatever the interrupted call threw, this is an abort.
        Thread.interrupted();
        load.writer().abort("aborted: the service is shutting down");
        result = reread(load);
        outcome = "aborted";
      } else {
        String error = describe(e);
        load.writer().fail(error);
        result = packages.findByLoadId(load.loadId()).map(p -> markFailed(p, error)).orElseThrow();
        outcome = "failure";
        log.error("load {} of tenant {} failed: {}", load.loadId(), tenant.name(), error);
      }
    } finally {
      progress.finish(load.loadId());
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    metrics.loadFinished(tenant.name(), trigger, outcome, took);
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
    return result;
  }

  private LoadPackage run(PreparedLoad load) {
    Tenant tenant = load.tenant();
    StagingWriter writer = load.writer();
    Schema current =
        loader.currentSchema(tenant.dataset(), SCHEMA_NAME).orElse(Schema.empty(SCHEMA_NAME));
    Map<CursorKey, Cursor> stored =
        load.options().fullRefresh() ? Map.of() : state.load(tenant.name());
    Normalizer normalizer = new Normalizer(current, writer.loadId(), settings());
    normalizer.deferChildIds(true); // child ids are hashed by the staging sender thread
    Map<CursorKey, Cursor> cursorUpdates = new LinkedHashMap<>();
    Sink sink = new Sink(load, normalizer, writer, cursorUpdates);
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
    String changes = JSON.writeValueAsString(normalizer.changes());
    LoadPackage staged = writer.finish(normalizer.schema(), cursorUpdates, changes);
    checkCancelled(load);
    return loader.commit(staged);
  }

  /** Normalizes and stages records as extraction delivers them (calls are serialised). */
  private final class Sink implements RecordSink {
    private final PreparedLoad load;
    private final Normalizer normalizer;
    private final StagingWriter writer;
    private final Map<CursorKey, Cursor> cursorUpdates;
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

    @Override
    public void resourceCompleted(String resource, long count, ResourceCursor cursor) {
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
      metrics.pageFetched(load.tenant().name(), resource);
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

  private List<String> resourceNames() {
    return source.resources().stream().map(ResourceDefinition::name).toList();
  }

  private Map<String, ResourceSettings> settings() {
    Map<String, ResourceSettings> out = new HashMap<>();
    for (ResourceDefinition r : source.resources()) {
      out.put(
          r.name(),
          new ResourceSettings(
              r.table(),
              disposition(r.writeDisposition()),
              r.primaryKey(),
              r.maxTableNesting() == null
                  ? ResourceSettings.DEFAULT_MAX_TABLE_NESTING
                  : r.maxTableNesting(),
              null));
    }
    return out;
  }

  private static WriteDisposition disposition(String value) {
    return switch (value == null ? "append" : value) {
      case "replace" -> WriteDisposition.REPLACE;
      case "merge" -> WriteDisposition.MERGE;
      case "upsert" -> WriteDisposition.UPSERT;
      default -> WriteDisposition.APPEND;
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

  private static Map<String, ResourceCursor> toExtract(Map<CursorKey, Cursor> stored) {
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

  private LoadPackage reread(PreparedLoad load) {
    return packages.findByLoadId(load.loadId()).orElseThrow();
  }

  private LoadPackage markFailed(LoadPackage pkg, String error) {
    return pkg.status() == PackageStatus.FAILED ? pkg : packages.markFailed(pkg, error);
  }

  private static String describe(RuntimeException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
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
