package io.flowloader.extract;

import io.flowloader.source.AuthConfig;
import io.flowloader.source.IncrementalConfig;
import io.flowloader.source.JsonPath;
import io.flowloader.source.Placeholders;
import io.flowloader.source.ResourceDefinition;
import io.flowloader.source.SourceDefinition;
import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.ChannelOption;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The extract stage: fetches every requested resource of a {@link SourceDefinition} for one tenant
 * and hands the records to a {@link RecordSink}. It owns auth headers, paging, retries, rate
 * limiting, streaming and incremental filtering; it never touches the database and keeps no state
 * between calls except the shared {@link RateLimiters}.
 *
 * <p>Order: resources run in dependency order (parents first). A parent's records are fetched in
 * full (before its incremental filter) and the few fields its children need are kept; children then
 * fan out over those parents with bounded concurrency ({@link ExtractOptions#fanOutConcurrency()}).
 * A child decides for itself which parents to fetch (per-parent cursor or {@code
 * parent_version_path}).
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

  /** An extractor for {@code definition}, pacing requests through the shared {@code limiters}. */
  public Extractor(SourceDefinition definition, RateLimiters rateLimiters) {
    this(definition, rateLimiters, ObservationRegistry.NOOP);
  }

  /**
   * As above, with HTTP client observations ({@code http.client.requests}); each request is tagged
   * with its resource's path template, never the expanded URI, so metric cardinality stays bounded.
   */
  public Extractor(
      SourceDefinition definition, RateLimiters rateLimiters, ObservationRegistry observations) {
    this.definition = definition;
    this.rateLimiters = rateLimiters;
    this.observations = observations;
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
    new Run(request, sink).execute();
  }

  /** Parent fields one child needs, kept per parent record. */
  private record ParentRef(Map<String, JsonNode> fields) {}

  /** State of one {@link #extract} call. */
  private final class Run {
    private final ExtractRequest request;
    private final RecordSink sink;
    private final Object sinkLock = new Object();
    private final HttpFetcher fetcher;
    private final Map<String, String> tenantValues = new HashMap<>();
    private final Map<String, List<ParentRef>> parentRefs = new ConcurrentHashMap<>();
    private final Set<String> failed = new HashSet<>();
    private ExecutorService prefetchPool;

    Run(ExtractRequest request, RecordSink sink) {
      this.request = request;
      this.sink = sink;
      String base = request.baseUrl() == null ? "" : request.baseUrl();
      while (base.endsWith("/")) {
        base = base.substring(0, base.length() - 1);
      }
      tenantValues.put("base_url", base);
      tenantValues.put("tenant_id", request.tenantId());
      tenantValues.put("name", request.tenantName());
      tenantValues.put("api_key", request.apiKey() == null ? null : request.apiKey().reveal());
      List<String> secrets = new ArrayList<>();
      if (request.apiKey() != null) {
        secrets.add(request.apiKey().reveal());
      }
      AuthConfig auth = definition.client().auth();
      List<String> sensitiveParams = new ArrayList<>();
      if (auth instanceof AuthConfig.ApiKey k) {
        secrets.add(bindTenant(k.apiKey()));
        sensitiveParams.add(k.name());
      } else if (auth instanceof AuthConfig.Bearer b) {
        secrets.add(bindTenant(b.token()));
      } else if (auth instanceof AuthConfig.HttpBasic b) {
        secrets.add(bindTenant(b.password()));
      }
      Redaction redaction = new Redaction(secrets, sensitiveParams);
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
    }

    void execute() {
      try {
        run();
      } finally {
        synchronized (this) {
          if (prefetchPool != null) {
            prefetchPool.shutdownNow();
          }
        }
      }
    }

    private void run() {
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
        if (!needed.contains(resource.name())) {
          continue;
        }
        List<ResourceDefinition> children =
            definition.resources().stream()
                .filter(c -> resource.name().equals(c.parent()) && needed.contains(c.name()))
                .toList();
        boolean deliver = wanted.contains(resource.name());
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
          continue;
        }
        Collector collector = children.isEmpty() ? null : new Collector(children);
        AtomicLong delivered = new AtomicLong();
        ResourceCursor cursor;
        try {
          cursor =
              resource.parent() == null
                  ? topLevel(resource, deliver, collector, delivered)
                  : child(resource, deliver, collector, delivered);
        } catch (RuntimeException e) {
          failed.add(resource.name());
          isolate(resource.name(), e);
          continue;
        }
        if (collector != null) {
          parentRefs.put(resource.name(), collector.refs);
        }
        if (deliver) {
          synchronized (sinkLock) {
            sink.resourceCompleted(resource.name(), delivered.get(), cursor);
          }
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

    private ResourceCursor topLevel(
        ResourceDefinition resource, boolean deliver, Collector collector, AtomicLong delivered) {
      IncrementalConfig inc = resource.endpoint().incremental();
      AtomicLong retryWait = new AtomicLong();
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
          sequence(
              resource,
              Map.of(),
              null,
              start.toString(),
              end.toString(),
              tracker,
              deliver,
              collector,
              delivered,
              retryWait,
              null);
          start = end;
        }
      } else {
        sequence(
            resource,
            Map.of(),
            null,
            tracker == null ? null : tracker.startValue(),
            tracker == null ? null : tracker.endValue(),
            tracker,
            deliver,
            collector,
            delivered,
            retryWait,
            null);
      }
      return tracker == null ? null : ResourceCursor.of(tracker.result());
    }

    /**
     * Fetches a child for every parent with up to {@code fanOutConcurrency} parents in flight, yet
     * delivers exactly as a sequential run would: parent 1's records (all pages, in page order),
     * then parent 2's, and so on. Parents run in a sliding window: the head parent's pages are
     * delivered on this thread as they arrive; a parent behind it keeps at most {@link
     * Slot#CAPACITY} complete pages buffered (then its worker waits), and the next parent starts
     * only once the head is delivered completely. A failure surfaces when its parent reaches the
     * head, after the records of the parents before it — the same failure a sequential run raises.
     */
    private ResourceCursor child(
        ResourceDefinition resource, boolean deliver, Collector collector, AtomicLong delivered) {
      IncrementalConfig inc = resource.endpoint().incremental();
      List<ParentRef> parents = parentRefs.getOrDefault(resource.parent(), List.of());
      List<String> fields = placeholderFields(resource);
      Map<String, CursorValue> next = new ConcurrentHashMap<>();
      AtomicLong retryWait = new AtomicLong();
      int threads = Math.max(1, Math.min(request.options().fanOutConcurrency(), parents.size()));
      ExecutorService pool =
          Executors.newFixedThreadPool(
              threads,
              new java.util.concurrent.ThreadFactory() {
                private final AtomicInteger n = new AtomicInteger();

                @Override
                public Thread newThread(Runnable r) {
                  Thread t = new Thread(r, "flowloader-extract-" + n.incrementAndGet());
                  t.setDaemon(true);
                  return t;
                }
              });
      java.util.ArrayDeque<Slot> window = new java.util.ArrayDeque<>();
      try {
        int started = 0;
        while (started < parents.size() || !window.isEmpty()) {
          while (started < parents.size() && window.size() < threads) {
            ParentRef parent = parents.get(started++);
            Slot slot = new Slot();
            window.addLast(slot);
            slot.future =
                pool.submit(
                    () -> {
                      try {
                        slot.end(
                            fetchForParent(
                                resource, parent, fields, inc, next, deliver, collector, delivered,
                                retryWait, slot),
                            null);
                      } catch (Throwable e) {
                        slot.end(null, e);
                      }
                    });
          }
          window.peekFirst().drain();
          window.removeFirst();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ExtractException(
            "tenant " + request.tenantName() + ", resource " + resource.name() + ": interrupted",
            null);
      } finally {
        pool.shutdownNow();
        for (Slot slot : window) {
          slot.discard();
        }
      }
      return inc == null ? null : new ResourceCursor(next);
    }

    /**
     * One parent of a fan-out: the complete pages its worker fetched, each with the action that
     * delivers it, waiting for the parent to reach the head of the window. The worker waits while
     * {@link #CAPACITY} pages are buffered, so a parent behind the head holds a bounded amount of
     * records (a page's in-memory part is bounded by the spill threshold).
     */
    private static final class Slot {
      static final int CAPACITY = 4;

      private record Entry(Page page, Runnable action) {}

      private final java.util.ArrayDeque<Entry> entries = new java.util.ArrayDeque<>();
      private Future<?> future;
      private boolean ended;
      private Runnable finish;
      private Throwable failure;
      private boolean discarded;

      /** Worker side: hands over {@code page} (now owned by the slot) and its delivery. */
      synchronized void put(Page page, Runnable action) throws InterruptedException {
        try {
          while (!discarded && entries.size() >= CAPACITY) {
            wait();
          }
        } catch (InterruptedException e) {
          page.close();
          throw e;
        }
        if (discarded) {
          page.close();
          throw new InterruptedException("fan-out cancelled");
        }
        entries.addLast(new Entry(page, action));
        notifyAll();
      }

      /** Worker side: the parent is done; {@code finish} runs after its last page is delivered. */
      synchronized void end(Runnable finish, Throwable failure) {
        this.ended = true;
        this.finish = finish;
        this.failure = failure;
        notifyAll();
      }

      /**
       * Delivering side: runs every page's delivery in order until the worker ended, then its
       * finish, or rethrows its failure.
       */
      void drain() throws InterruptedException {
        while (true) {
          Entry entry;
          synchronized (this) {
            while (entries.isEmpty() && !ended) {
              wait();
            }
            entry = entries.pollFirst();
            if (entry == null) {
              break;
            }
            notifyAll();
          }
          try (Page p = entry.page()) {
            entry.action().run();
          }
        }
        Throwable f;
        Runnable done;
        synchronized (this) {
          f = failure;
          done = finish;
        }
        if (f instanceof RuntimeException re) {
          throw re;
        }
        if (f instanceof Error err) {
          throw err;
        }
        if (done != null) {
          done.run();
        }
      }

      /** Cancels the worker and closes what it buffered (also pages it hands over later). */
      void discard() {
        if (future != null) {
          future.cancel(true);
        }
        synchronized (this) {
          discarded = true;
          entries.forEach(e -> e.page().close());
          entries.clear();
          notifyAll();
        }
      }
    }

    /**
     * Fetches one parent's child records into {@code slot} and returns what to do once they were
     * delivered (record the parent's new cursor), or null.
     */
    private Runnable fetchForParent(
        ResourceDefinition resource,
        ParentRef parent,
        List<String> fields,
        IncrementalConfig inc,
        Map<String, CursorValue> next,
        boolean deliver,
        Collector collector,
        AtomicLong delivered,
        AtomicLong retryWait,
        Slot slot) {
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
        JsonNode version = parent.fields().get("version:" + inc.parentVersionPath().expression());
        String v = version == null || version.isNull() ? null : version.asString();
        if (v != null && stored != null && v.equals(stored.value())) {
          return () -> next.put(key, stored);
        }
        sequence(
            resource, values, parent, null, null, null, deliver, collector, delivered, retryWait,
            slot);
        return v == null ? null : () -> next.put(key, new CursorValue(v, List.of()));
      }
      CursorTracker tracker =
          inc == null || inc.cursorPath() == null
              ? null
              : new CursorTracker(inc, stored, resource.primaryKey());
      sequence(
          resource,
          values,
          parent,
          tracker == null ? null : tracker.startValue(),
          tracker == null ? null : tracker.endValue(),
          tracker,
          deliver,
          collector,
          delivered,
          retryWait,
          slot);
      // The tracker sees the records only as they are delivered, so read it afterwards.
      return tracker == null ? null : () -> next.put(key, tracker.result());
    }

    /**
     * Fetches every page of one request sequence and delivers its records. While a page's records
     * are delivered (normalized and staged by the sink), the next page is already fetched and
     * parsed on a prefetch thread: its request is known as soon as the current page is complete
     * (paginators read only the page's headers and envelope). Pages are still delivered strictly in
     * order, at most one page is fetched ahead, and loop detection, {@code max_pages} and paginator
     * errors are raised after the records of the page before, as without prefetching.
     */
    private void sequence(
        ResourceDefinition resource,
        Map<String, String> parentValues,
        ParentRef parent,
        String startValue,
        String endValue,
        CursorTracker tracker,
        boolean deliver,
        Collector collector,
        AtomicLong delivered,
        AtomicLong retryWait,
        Slot slot) {
      RequestSpec base = buildRequest(resource, parentValues, startValue, endValue);
      // Records outside the cursor's bounds are dropped as pages are parsed, before a tree is
      // built, unless a parent collector must see every record or a processing step changes the
      // cursor field. The tracker still sees every other record, in order, on this thread.
      CursorFilter preFilter =
          tracker == null
                  || collector != null
                  || HttpFetcher.touches(resource, resource.endpoint().incremental().cursorPath())
              ? null
              : tracker.preFilter();
      Paginators.Walker walker = Paginators.create(resource.endpoint().paginator());
      int maxPages = resource.endpoint().paginator().maxPages();
      Set<String> seen = new java.util.HashSet<>();
      RequestSpec current = walker.first(base);
      ExtractException refused = refuse(resource, current, seen, maxPages);
      if (refused != null) {
        throw refused;
      }
      Page page = fetcher.fetch(resource, current, retryWait, preFilter);
      Ahead ahead = null;
      try {
        while (page != null) {
          RequestSpec next = null;
          ExtractException stop = null;
          try {
            next = walker.next(current, page);
          } catch (IllegalStateException e) {
            stop = fetcher.failure(resource, current, "stopped: " + e.getMessage(), null);
          }
          if (next != null) {
            stop = refuse(resource, next, seen, maxPages);
            if (stop == null) {
              ahead = prefetch(resource, next, retryWait, preFilter);
            }
          }
          if (slot == null) {
            try (Page p = page) {
              page = null;
              deliver(resource, p, parent, tracker, deliver, collector, delivered);
            }
          } else {
            Page p = page;
            page = null;
            try {
              slot.put(
                  p, () -> deliver(resource, p, parent, tracker, deliver, collector, delivered));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw fetcher.failure(resource, current, "was interrupted", null);
            }
          }
          if (stop != null) {
            throw stop;
          }
          current = next;
          if (ahead != null) {
            page = ahead.await();
            ahead = null;
          }
        }
      } finally {
        if (page != null) {
          page.close();
        }
        if (ahead != null) {
          ahead.abandon();
        }
      }
    }

    /** Why {@code request} must not be sent (a loop, or one page too many), or null. */
    private ExtractException refuse(
        ResourceDefinition resource, RequestSpec request, Set<String> seen, int maxPages) {
      if (!seen.add(request.identity())) {
        return fetcher.failure(
            resource,
            request,
            "stopped: paginator loop, the same request was about to be sent twice",
            null);
      }
      if (seen.size() > maxPages) {
        return fetcher.failure(
            resource,
            request,
            "stopped: more than max_pages=" + maxPages + " pages; raise max_pages if intended",
            null);
      }
      return null;
    }

    private void deliver(
        ResourceDefinition resource,
        Page page,
        ParentRef parent,
        CursorTracker tracker,
        boolean deliver,
        Collector collector,
        AtomicLong delivered) {
      if (page.records() == null) {
        return;
      }
      synchronized (sinkLock) {
        page.records()
            .forEach(
                record -> {
                  if (collector != null) {
                    collector.collect(record);
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
                  if (deliver) {
                    delivered.incrementAndGet();
                    sink.record(resource.name(), record);
                  }
                });
      }
    }

    /** Starts fetching {@code request} on a prefetch thread. */
    private Ahead prefetch(
        ResourceDefinition resource,
        RequestSpec request,
        AtomicLong retryWait,
        CursorFilter preFilter) {
      Ahead ahead = new Ahead(resource, request);
      ahead.future =
          prefetchPool()
              .submit(() -> ahead.offer(fetcher.fetch(resource, request, retryWait, preFilter)));
      return ahead;
    }

    private synchronized ExecutorService prefetchPool() {
      if (prefetchPool == null) {
        AtomicInteger n = new AtomicInteger();
        prefetchPool =
            Executors.newCachedThreadPool(
                r -> {
                  Thread t = new Thread(r, "flowloader-prefetch-" + n.incrementAndGet());
                  t.setDaemon(true);
                  return t;
                });
      }
      return prefetchPool;
    }

    /**
     * A page being fetched ahead. Whoever gives up on it ({@link #abandon}) closes the page, also
     * when it arrives later, so a spilled page never leaves its temporary file behind.
     */
    private final class Ahead {
      private final ResourceDefinition resource;
      private final RequestSpec request;
      private Future<Page> future;
      private Page page;
      private boolean abandoned;

      Ahead(ResourceDefinition resource, RequestSpec request) {
        this.resource = resource;
        this.request = request;
      }

      synchronized Page offer(Page fetched) {
        if (abandoned) {
          fetched.close();
          return null;
        }
        page = fetched;
        return fetched;
      }

      /** The fetched page; rethrows the fetch's failure. */
      Page await() {
        try {
          Page fetched = future.get();
          synchronized (this) {
            page = null; // the caller owns it now
          }
          return fetched;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          abandon();
          Thread.currentThread().interrupt();
          throw fetcher.failure(resource, request, "was interrupted", null);
        }
      }

      void abandon() {
        future.cancel(true);
        synchronized (this) {
          abandoned = true;
          if (page != null) {
            page.close();
            page = null;
          }
        }
      }
    }

    private RequestSpec buildRequest(
        ResourceDefinition resource,
        Map<String, String> parentValues,
        String startValue,
        String endValue) {
      Function<Placeholders.Placeholder, String> values =
          p ->
              switch (p.namespace()) {
                case "tenant" -> tenantValues.get(p.path());
                case "resources" -> parentValues.get(p.parentField());
                case "incremental" -> p.path().equals("start_value") ? startValue : endValue;
                default -> null;
              };
      String baseUrl = Placeholders.resolve(definition.client().baseUrl(), values, s -> s);
      String path =
          Placeholders.resolve(
              resource.endpoint().path(),
              values,
              s -> UriUtils.encodePathSegment(s, StandardCharsets.UTF_8));
      String url;
      if (path.startsWith("http://") || path.startsWith("https://")) {
        url = path;
      } else {
        url =
            (baseUrl.endsWith("/") ? baseUrl : baseUrl + "/")
                + (path.startsWith("/") ? path.substring(1) : path);
      }
      UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(url);
      Map<String, String> params = new LinkedHashMap<>(resource.endpoint().params());
      IncrementalConfig inc = resource.endpoint().incremental();
      if (inc != null && inc.startParam() != null) {
        params.put(inc.startParam(), "{incremental.start_value}");
      }
      if (inc != null && inc.endParam() != null) {
        params.put(inc.endParam(), "{incremental.end_value}");
      }
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Accept", "application/json");
      AuthConfig auth = definition.client().auth();
      if (auth instanceof AuthConfig.ApiKey k) {
        String key = bindTenant(k.apiKey());
        if (k.location() == AuthConfig.Location.QUERY) {
          params.put(k.name(), key);
        } else {
          headers.put(k.name(), key);
        }
      } else if (auth instanceof AuthConfig.Bearer b) {
        headers.put("Authorization", "Bearer " + bindTenant(b.token()));
      } else if (auth instanceof AuthConfig.HttpBasic b) {
        String pair = bindTenant(b.username()) + ":" + bindTenant(b.password());
        headers.put(
            "Authorization",
            "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
      }
      for (Map.Entry<String, String> e : params.entrySet()) {
        String v = Placeholders.resolve(e.getValue(), values, s -> s);
        if (v != null) {
          uri.queryParam(e.getKey(), Paginators.encodeQuery(v));
        }
      }
      Map<String, String> extra = new LinkedHashMap<>(definition.client().headers());
      extra.putAll(resource.endpoint().headers());
      for (Map.Entry<String, String> e : extra.entrySet()) {
        String v = Placeholders.resolve(e.getValue(), values, s -> s);
        if (v != null) {
          headers.put(e.getKey(), v);
        }
      }
      JsonNode body = null;
      if (resource.endpoint().json() != null) {
        String text =
            Placeholders.resolve(
                resource.endpoint().json().toString(),
                p -> {
                  String v = values.apply(p);
                  return v == null ? "" : v;
                },
                s -> {
                  String quoted = JsonNodeFactory.instance.stringNode(s).toString();
                  return quoted.substring(1, quoted.length() - 1);
                });
        body = JSON.readTree(text);
      }
      URI built = uri.build(true).toUri();
      return new RequestSpec(resource.endpoint().method(), built, headers, body);
    }

    private String bindTenant(String template) {
      return Placeholders.resolve(
          template,
          p -> p.namespace().equals("tenant") ? tenantValues.get(p.path()) : null,
          s -> s);
    }

    private CursorValue storedCursor(ResourceDefinition resource, String key) {
      ResourceCursor cursor = request.cursors().get(resource.name());
      return cursor == null ? null : cursor.get(key);
    }
  }

  /** The parent fields each child resource refers to, by JSON path. */
  private static List<String> placeholderFields(ResourceDefinition resource) {
    Set<String> fields = new LinkedHashSet<>();
    List<String> templates = new ArrayList<>();
    templates.add(resource.endpoint().path());
    templates.addAll(resource.endpoint().params().values());
    templates.addAll(resource.endpoint().headers().values());
    if (resource.endpoint().json() != null) {
      templates.add(resource.endpoint().json().toString());
    }
    for (String t : templates) {
      for (Placeholders.Placeholder p : Placeholders.find(t)) {
        if (p.namespace().equals("resources")) {
          fields.add(p.parentField());
        }
      }
    }
    return new ArrayList<>(fields);
  }

  /** Keeps, per parent record, only the fields its children use. */
  private static final class Collector {
    private final List<String> paths = new ArrayList<>();
    private final List<JsonPath> parsed = new ArrayList<>();
    private final List<ParentRef> refs = java.util.Collections.synchronizedList(new ArrayList<>());

    Collector(List<ResourceDefinition> children) {
      Set<String> all = new LinkedHashSet<>();
      for (ResourceDefinition child : children) {
        all.addAll(placeholderFields(child));
        all.addAll(child.includeFromParent());
        IncrementalConfig inc = child.endpoint().incremental();
        if (inc != null && inc.parentVersionPath() != null) {
          all.add("version:" + inc.parentVersionPath().expression());
        }
      }
      paths.addAll(all);
      for (String path : paths) {
        parsed.add(JsonPath.parse(path.startsWith("version:") ? path.substring(8) : path));
      }
    }

    void collect(JsonNode record) {
      Map<String, JsonNode> fields = new HashMap<>();
      for (int i = 0; i < paths.size(); i++) {
        JsonNode v = parsed.get(i).select(record);
        if (v != null) {
          fields.put(paths.get(i), v);
        }
      }
      refs.add(new ParentRef(fields));
    }
  }
}
