package io.flowloader.extract;

import io.flowloader.extract.RequestBuilder.Bindings;
import io.flowloader.source.IncrementalConfig;
import io.flowloader.source.ResourceDefinition;
import io.flowloader.source.SourceDefinition;
import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.ChannelOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The extract stage: fetches every requested resource of a {@link SourceDefinition} for one tenant
 * and hands the records to a {@link RecordSink}. It never touches the database and keeps no state
 * between calls except the shared {@link RateLimiters}. Its parts: {@link RequestBuilder} (URL,
 * parameters, placeholders, auth), {@link PageWalker} (paginators, one page fetched ahead), {@link
 * FanOut} (parent → child, ordered and bounded), {@link HttpFetcher} with {@link RetryPolicy} (one
 * request, its retries and rate limit). One concurrency model: blocking calls on threads of one
 * Spring-managed executor, never more than a bounded number of pages ahead. WebClient (the stack's
 * HTTP client) is only the transport: each call waits for its response and reads the body as a
 * stream; no Reactor operator schedules our work.
 *
 * <p>Order: resources run in dependency order (parents first). A parent's records are fetched in
 * full (before its incremental filter) and the few fields its children need are kept; children then
 * fan out over those parents ({@link ExtractOptions#fanOutConcurrency()} in flight). A child
 * decides for itself which parents to fetch (per-parent cursor or {@code parent_version_path}).
 *
 * <p>Thread-safe and reusable: one instance per source definition is enough.
 */
public final class Extractor {

  static final JsonMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(5_000)
                          .maxStringLength(512 * 1024 * 1024)
                          .build())
                  .build())
          .build();

  private final SourceDefinition definition;
  private final RateLimiters rateLimiters;
  private final ObservationRegistry observations;
  private final AsyncTaskExecutor executor;

  /**
   * An extractor for {@code definition} outside a Spring context (commands, tests): pacing through
   * the shared {@code limiters}, its prefetch and fan-out on threads of its own (named, daemon).
   */
  public Extractor(SourceDefinition definition, RateLimiters rateLimiters) {
    this(definition, rateLimiters, ObservationRegistry.NOOP, standaloneExecutor());
  }

  /**
   * As above, with HTTP client observations ({@code http.client.requests}; each request is tagged
   * with its resource's path template, never the expanded URI, so metric cardinality stays bounded)
   * and the executor that runs prefetches and fan-out tasks. It must start every task at once (no
   * queue): a task may wait for another one.
   */
  public Extractor(
      SourceDefinition definition,
      RateLimiters rateLimiters,
      ObservationRegistry observations,
      AsyncTaskExecutor executor) {
    this.definition = definition;
    this.rateLimiters = rateLimiters;
    this.observations = observations;
    this.executor = executor;
  }

  private static AsyncTaskExecutor standaloneExecutor() {
    SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("flowloader-extract-");
    executor.setDaemon(true);
    return executor;
  }

  /** The definition this extractor runs. */
  public SourceDefinition definition() {
    return definition;
  }

  /**
   * Extracts the requested resources, blocking until all are delivered. Throws {@link
   * ExtractException} on the first resource that fails; records already delivered belong to a load
   * that must then not be committed.
   */
  public void extract(ExtractRequest request, RecordSink sink) {
    new Run(request, sink).run();
  }

  /**
   * One resource being extracted.
   *
   * @param resource its definition
   * @param deliver whether its records go to the sink (false: fetched only for its children)
   * @param parents collects what its children need, or null when it has none
   * @param delivered records delivered so far
   * @param budget its retry budget
   */
  private record ResourceRun(
      ResourceDefinition resource,
      boolean deliver,
      ParentRecords parents,
      AtomicLong delivered,
      RetryPolicy.Budget budget) {}

  /** State of one {@link #extract} call. */
  private final class Run {
    private final ExtractRequest request;
    private final RecordSink sink;
    private final Object sinkLock = new Object();
    private final RequestBuilder requests;
    private final HttpFetcher fetcher;
    private final PageWalker walker;
    private final FanOut fanOut = new FanOut(executor);
    private final Map<String, List<ParentRecords.Ref>> parentRefs = new ConcurrentHashMap<>();
    private final Set<String> failed = new HashSet<>();

    Run(ExtractRequest request, RecordSink sink) {
      this.request = request;
      this.sink = sink;
      this.requests = new RequestBuilder(definition, request);
      List<String> secrets = new ArrayList<>();
      if (request.apiKey() != null) {
        secrets.add(request.apiKey().reveal());
      }
      secrets.addAll(requests.auth().secrets());
      Redaction redaction = new Redaction(secrets, requests.auth().sensitiveParams());
      ExtractOptions o = request.options();
      RateLimiters.Bucket bucket =
          rateLimiters.forKey(
              request.apiKey() == null ? Secret.of(request.tenantName()) : request.apiKey(),
              o.requestsPerSecond());
      HttpClient http =
          HttpClient.create()
              .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) o.connectTimeout().toMillis())
              .responseTimeout(o.readTimeout())
              .compress(true)
              .doAfterRequest((req, connection) -> bucket.sent());
      WebClient client =
          WebClient.builder()
              .clientConnector(new ReactorClientHttpConnector(http))
              .observationRegistry(observations)
              .build();
      this.fetcher =
          new HttpFetcher(client, JSON, o, bucket, redaction, request.tenantName(), sink);
      this.walker = new PageWalker(fetcher, executor);
    }

    void run() {
      Set<String> wanted =
          new LinkedHashSet<>(
              request.resources().isEmpty() ? definition.selectedByDefault() : request.resources());
      Set<String> unknown = new TreeSet<>();
      for (String name : wanted) {
        if (definition.resources().stream().noneMatch(r -> r.name().equals(name))) {
          unknown.add(name);
        }
      }
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException(
            "unknown resources "
                + unknown
                + "; the source has "
                + definition.resources().stream().map(ResourceDefinition::name).toList());
      }
      Set<String> needed = new LinkedHashSet<>();
      for (String name : wanted) {
        for (String n = name; n != null; n = definition.resource(n).parent()) {
          needed.add(n);
        }
      }
      for (ResourceDefinition resource : definition.resources()) {
        if (needed.contains(resource.name())) {
          extract(resource, wanted.contains(resource.name()), needed);
        }
      }
    }

    private void extract(ResourceDefinition resource, boolean deliver, Set<String> needed) {
      if (resource.parent() != null && failed.contains(resource.parent())) {
        // Its parents' list is incomplete: completing it would treat missing rows as gone.
        failed.add(resource.name());
        if (deliver) {
          isolate(
              resource.name(),
              new ExtractException(
                  "tenant "
                      + request.tenantName()
                      + ", resource "
                      + resource.name()
                      + ": not extracted, its parent resource "
                      + resource.parent()
                      + " failed",
                  null));
        }
        return;
      }
      List<ResourceDefinition> children =
          definition.resources().stream()
              .filter(c -> resource.name().equals(c.parent()) && needed.contains(c.name()))
              .toList();
      ResourceRun run =
          new ResourceRun(
              resource,
              deliver,
              children.isEmpty() ? null : new ParentRecords(children),
              new AtomicLong(),
              new RetryPolicy.Budget());
      ResourceCursor cursor;
      try {
        cursor = resource.parent() == null ? topLevel(run) : child(run);
      } catch (RuntimeException e) {
        failed.add(resource.name());
        isolate(resource.name(), e);
        return;
      }
      if (run.parents() != null) {
        parentRefs.put(resource.name(), run.parents().refs());
      }
      if (deliver) {
        synchronized (sinkLock) {
          sink.resourceCompleted(resource.name(), run.delivered().get(), cursor);
        }
      }
    }

    /** Hands a resource's failure to the sink, which goes on (true) or ends the extraction. */
    private void isolate(String resource, RuntimeException cause) {
      boolean goOn;
      synchronized (sinkLock) {
        goOn = sink.resourceFailed(resource, cause);
      }
      if (!goOn) {
        throw cause;
      }
    }

    private ResourceCursor topLevel(ResourceRun run) {
      ResourceDefinition resource = run.resource();
      IncrementalConfig inc = resource.endpoint().incremental();
      CursorValue stored = storedCursor(resource, ResourceCursor.ROOT);
      CursorTracker tracker =
          inc == null || inc.cursorPath() == null
              ? null
              : new CursorTracker(inc, stored, resource.primaryKey());
      if (tracker != null && inc.step() != null) {
        Instant from = CursorTracker.instant(tracker.startValue());
        Instant until =
            tracker.endValue() != null ? CursorTracker.instant(tracker.endValue()) : Instant.now();
        if (from == null || until == null) {
          throw new ExtractException(
              "tenant "
                  + request.tenantName()
                  + ", resource "
                  + resource.name()
                  + ": date windows (step) need date-time cursor values",
              null);
        }
        // Ascending windows [from, from + step), each paged on its own.
        for (Instant start = from; start.isBefore(until); ) {
          Instant end = start.plus(inc.step());
          if (end.isAfter(until)) {
            end = until;
          }
          Bindings window = new Bindings(Map.of(), start.toString(), end.toString());
          sequence(run, window, null, tracker, null);
          start = end;
        }
      } else {
        sequence(run, bindings(Map.of(), tracker), null, tracker, null);
      }
      return tracker == null ? null : ResourceCursor.of(tracker.result());
    }

    /**
     * Fetches the child for every parent through the {@link FanOut}: in parallel, delivered in
     * parent order.
     */
    private ResourceCursor child(ResourceRun run) {
      ResourceDefinition resource = run.resource();
      List<ParentRecords.Ref> parents = parentRefs.getOrDefault(resource.parent(), List.of());
      List<String> fields = RequestBuilder.parentFields(resource);
      Map<String, CursorValue> next = new ConcurrentHashMap<>();
      try {
        fanOut.run(
            parents,
            request.options().fanOutConcurrency(),
            (parent, lane) -> fetchForParent(run, parent, fields, next, lane));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ExtractException(
            "tenant " + request.tenantName() + ", resource " + resource.name() + ": interrupted",
            null);
      }
      return resource.endpoint().incremental() == null ? null : new ResourceCursor(next);
    }

    /**
     * Fetches one parent's child records into {@code lane} and returns what to do once they were
     * delivered (record the parent's new cursor), or null.
     */
    private Runnable fetchForParent(
        ResourceRun run,
        ParentRecords.Ref parent,
        List<String> fields,
        Map<String, CursorValue> next,
        FanOut.Lane lane) {
      ResourceDefinition resource = run.resource();
      IncrementalConfig inc = resource.endpoint().incremental();
      Map<String, String> values = new HashMap<>();
      List<String> keyParts = new ArrayList<>();
      for (String field : fields) {
        JsonNode v = parent.fields().get(field);
        String text =
            v == null || v.isNull() ? null : v.isValueNode() ? v.asString() : v.toString();
        if (text == null) {
          return null; // The parent lacks the field: nothing to request for it.
        }
        values.put(field, text);
        keyParts.add(text);
      }
      String key = String.join("/", keyParts);
      CursorValue stored = storedCursor(resource, key);
      if (inc != null && inc.parentVersionPath() != null) {
        JsonNode version = parent.fields().get(ParentRecords.versionKey(inc.parentVersionPath()));
        String v = version == null || version.isNull() ? null : version.asString();
        if (v != null && stored != null && v.equals(stored.value())) {
          return () -> next.put(key, stored);
        }
        sequence(run, new Bindings(values, null, null), parent, null, lane);
        return v == null ? null : () -> next.put(key, new CursorValue(v, List.of()));
      }
      CursorTracker tracker =
          inc == null || inc.cursorPath() == null
              ? null
              : new CursorTracker(inc, stored, resource.primaryKey());
      sequence(run, bindings(values, tracker), parent, tracker, lane);
      // The tracker sees the records only as they are delivered, so read it afterwards.
      return tracker == null ? null : () -> next.put(key, tracker.result());
    }

    private static Bindings bindings(Map<String, String> parent, CursorTracker tracker) {
      return tracker == null
          ? new Bindings(parent, null, null)
          : new Bindings(parent, tracker.startValue(), tracker.endValue());
    }

    /**
     * Walks one request sequence and delivers its records: on this thread, or (in a fan-out) by
     * handing each page to its {@code lane}.
     */
    private void sequence(
        ResourceRun run,
        Bindings bindings,
        ParentRecords.Ref parent,
        CursorTracker tracker,
        FanOut.Lane lane) {
      ResourceDefinition resource = run.resource();
      // Records outside the cursor's bounds are dropped as pages are parsed, before a tree is
      // built, unless a parent collector must see every record or a processing step changes the
      // cursor field. The tracker still sees every other record, in order, on this thread.
      CursorFilter preFilter =
          tracker == null
                  || run.parents() != null
                  || HttpFetcher.touches(resource, resource.endpoint().incremental().cursorPath())
              ? null
              : tracker.preFilter();
      PageWalker.Walk walk =
          new PageWalker.Walk(
              resource, requests.build(resource, bindings), preFilter, run.budget());
      walker.walk(
          walk,
          page -> {
            if (lane == null) {
              try (Page p = page) {
                deliver(run, p, parent, tracker);
              }
            } else {
              lane.put(page, () -> deliver(run, page, parent, tracker));
            }
          });
    }

    private void deliver(
        ResourceRun run, Page page, ParentRecords.Ref parent, CursorTracker tracker) {
      if (page.records() == null) {
        return;
      }
      ResourceDefinition resource = run.resource();
      synchronized (sinkLock) {
        page.records()
            .forEach(
                record -> {
                  if (run.parents() != null) {
                    run.parents().collect(record);
                  }
                  if (tracker != null && !tracker.accept(record)) {
                    return;
                  }
                  if (parent != null
                      && !resource.includeFromParent().isEmpty()
                      && record instanceof ObjectNode object) {
                    for (String field : resource.includeFromParent()) {
                      JsonNode v = parent.fields().get(field);
                      object.set(
                          "_" + resource.parent() + "_" + field.replace('.', '_'),
                          v == null ? JsonNodeFactory.instance.nullNode() : v);
                    }
                  }
                  if (run.deliver()) {
                    run.delivered().incrementAndGet();
                    sink.record(resource.name(), record);
                  }
                });
      }
    }

    private CursorValue storedCursor(ResourceDefinition resource, String key) {
      ResourceCursor cursor = request.cursors().get(resource.name());
      return cursor == null ? null : cursor.get(key);
    }
  }
}
