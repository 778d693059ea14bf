package io.boomiflow.simulator;

import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * {@code GET /__sim/bench/records?n=N&page=P[&from=ISO]}: N deterministic benchmark records (the
 * shape {@code bench/run.sh} loads), 1,000 a page as a bare array, with a {@code Link: <...>;
 * rel="next"} header while more remain. {@code dateModified} is {@code 2024-01-01T00:00:00Z} plus
 * the record index in seconds, so {@code from} (inclusive) selects a suffix cheaply.
 *
 * <p>Rendered pages are kept, up to {@code simulator.bench-cache-size} bytes, and a repeated
 * request is answered with the same bytes. Why: {@code bench/run.sh} times the loader against this
 * endpoint on a small machine, and rendering 62 MB of JSON per 100k-record pass took CPU from the
 * loader and PostgreSQL that a remote production API would not. A response depends only on {@code
 * n}, {@code page} and {@code from} (not on the seed, the tenant, resets or the request's host: the
 * {@code Link} is relative), so those three are the cache key. Beyond the limit pages are simply
 * rendered every time; nothing is evicted.
 */
@Controller
class BenchController {

  static final int PAGE_SIZE = 1_000;
  private static final JsonFactory JSON = ApiController.JSON;
  private static final long BASE_TICKS = Gen.ticks(java.time.Instant.parse("2024-01-01T00:00:00Z"));
  // Key, map entry and array headers of one cached page, roughly; counted so that many tiny pages
  // (e.g. n=0 with many distinct `from` values) cannot grow the cache without bound either.
  private static final int ENTRY_OVERHEAD = 200;

  /**
   * One rendered response: its body and its {@code Link} header ({@code null} on the last page).
   */
  record Page(byte[] body, String link) {}

  /** What a response depends on; {@code from} is the raw parameter, {@code null} when blank. */
  private record Key(long n, int page, String from) {}

  private final ConcurrentHashMap<Key, Page> cache = new ConcurrentHashMap<>();
  private final AtomicLong cachedBytes = new AtomicLong();
  private final long cacheLimit;

  @Autowired
  BenchController(SimulatorProperties properties) {
    this(properties.benchCacheSize().toBytes());
  }

  /** {@code cacheLimit} bytes of rendered pages at most (0 = none), capped at half the heap. */
  BenchController(long cacheLimit) {
    // A cache that filled the heap would take the simulator down (the image's JVM options exit on
    // OutOfMemoryError), so a simulator started with a small heap caches less instead.
    this.cacheLimit = Math.min(cacheLimit, Runtime.getRuntime().maxMemory() / 2);
  }

  @GetMapping("/__sim/bench/records")
  void records(
      @RequestParam long n,
      @RequestParam(defaultValue = "1") int page,
      @RequestParam(required = false) String from,
      HttpServletResponse response)
      throws IOException {
    if (n < 0 || page < 1) {
      ApiController.writeError(response, 400, "json-string", "n >= 0 and page >= 1 required");
      return;
    }
    String filter = from == null || from.isBlank() ? null : from;
    Key key = new Key(n, page, filter);
    Page rendered = cache.get(key);
    if (rendered == null) {
      rendered = render(n, page, filter);
      keep(key, rendered);
    }
    if (rendered.link() != null) {
      response.setHeader("Link", rendered.link());
    }
    response.setContentType("application/json; charset=utf-8");
    response.setContentLength(rendered.body().length);
    response.getOutputStream().write(rendered.body());
  }

  /** Caches {@code rendered} unless that would pass the limit (or another request was first). */
  private void keep(Key key, Page rendered) {
    long size =
        rendered.body().length
            + (rendered.link() == null ? 0 : 2L * rendered.link().length())
            + (key.from() == null ? 0 : 2L * key.from().length())
            + ENTRY_OVERHEAD;
    if (cachedBytes.addAndGet(size) > cacheLimit || cache.putIfAbsent(key, rendered) != null) {
      cachedBytes.addAndGet(-size);
    }
  }

  /** Number of cached pages (for tests). */
  int cachedPages() {
    return cache.size();
  }

  /** Renders one page; {@code from} is {@code null} or not blank. Never cached. */
  static Page render(long n, int page, String from) {
    long first = 0;
    if (from != null) {
      long ticks = Gen.parseTicks(from);
      first =
          Math.max(
              0,
              Math.floorDiv(ticks - BASE_TICKS + Gen.TICKS_PER_SECOND - 1, Gen.TICKS_PER_SECOND));
    }
    long start = Math.min(n, first + (long) (page - 1) * PAGE_SIZE);
    long end = Math.min(n, start + PAGE_SIZE);
    String link = null;
    if (end < n) {
      String next = "/__sim/bench/records?n=" + n + "&page=" + (page + 1);
      if (from != null) {
        next += "&from=" + URLEncoder.encode(from, StandardCharsets.UTF_8);
      }
      link = "<" + next + ">; rel=\"next\"";
    }
    // ~620 bytes a record; the buffer grows if a page needs more
    ByteArrayOutputStream body = new ByteArrayOutputStream((int) (end - start) * 640 + 2);
    try (JsonGenerator g = JSON.createGenerator(body)) {
      g.writeStartArray();
      for (long i = start; i < end; i++) {
        write(g, i);
      }
      g.writeEndArray();
    }
    return new Page(body.toByteArray(), link);
  }

  private static void write(JsonGenerator g, long i) {
    long h = Gen.hash(0xBE4C, i);
    g.writeStartObject();
    g.writeName("id");
    g.writeStartObject();
    g.writeName("id");
    g.writeString(Gen.uuid(0xBE4C, i, 1));
    g.writeName("versionId");
    g.writeString(Gen.uuid(0xBE4C, i, 2));
    g.writeEndObject();
    g.writeName("developerName");
    g.writeString("Bench flow " + i);
    g.writeName("developerSummary");
    g.writeString("Deterministic benchmark record number " + i);
    g.writeName("whoModified");
    g.writeStartObject();
    g.writeName("id");
    g.writeString(Gen.uuid(0xBE4C, i % 100, 3));
    g.writeName("email");
    g.writeString("user" + (i % 100) + "@bench.example.com");
    g.writeEndObject();
    g.writeName("dateCreated");
    g.writeString(Gen.format(BASE_TICKS - Gen.TICKS_PER_DAY + i * Gen.TICKS_PER_SECOND, 1));
    g.writeName("dateModified");
    g.writeString(Gen.format(BASE_TICKS + i * Gen.TICKS_PER_SECOND, 0));
    g.writeName("isActive");
    g.writeBoolean((h & 1) == 0);
    g.writeName("isDefault");
    g.writeBoolean((h & 2) == 0);
    g.writeName("stateExpirationLength");
    g.writeNumber(Gen.pick(h >>> 4, 30));
    g.writeName("idleStateExpirationLength");
    g.writeNumber(30 + Gen.pick(h >>> 12, 60));
    g.writeName("comment");
    if (i % 3 == 0) {
      g.writeNull();
    } else {
      g.writeString("Comment " + i);
    }
    g.writeName("tags");
    g.writeStartArray();
    int tags = i % 2 == 0 ? 2 : 3;
    for (int t = 0; t < tags; t++) {
      g.writeStartObject();
      g.writeName("name");
      g.writeString("tag-" + Gen.pick(h >>> (20 + t * 4), 16));
      g.writeName("weight");
      g.writeNumber(t + 1);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeName("category");
    g.writeString(i % 2 == 0 ? "finance" : "operations");
    g.writeName("priority");
    g.writeString(i % 5 == 0 ? "high" : "normal");
    g.writeName("region");
    g.writeString(i % 4 == 0 ? "eu" : "us");
    g.writeEndObject();
  }
}
