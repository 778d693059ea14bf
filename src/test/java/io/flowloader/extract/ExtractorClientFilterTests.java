package io.flowloader.extract;

import static io.flowloader.extract.FakeApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.source.ResourceDefinition;
import io.flowloader.source.SourceDefinition;
import io.flowloader.source.SourceDefinitionLoader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A client-side incremental filter (no server-side bound) delivers exactly what the tracker alone
 * would: the records, their order and the new cursor are those of a tracker that sees every record
 * of every page, whether or not records are dropped while pages are parsed (they are, unless a
 * child resource or a processing step needs every record as it is).
 */
class ExtractorClientFilterTests {

  static final String STORED = "2025-03-01T12:00:00Z";

  final FakeApi api = new FakeApi();

  @AfterEach
  void stop() {
    api.close();
  }

  /** Pages of records around the stored cursor: older, at it (some already delivered), newer. */
  static List<String> pages(int pages, int perPage) {
    Random random = new Random(42);
    Instant stored = Instant.parse(STORED);
    List<String> out = new ArrayList<>();
    int id = 0;
    for (int p = 0; p < pages; p++) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < perPage; i++) {
        if (i > 0) {
          sb.append(',');
        }
        int kind = random.nextInt(20);
        String cursor =
            switch (kind) {
              case 0 -> "\"" + STORED + "\""; // on the stored value
              case 1 -> "\"2025-03-01T13:00:00.000+01:00\""; // the same instant, another form
              case 2 -> null; // absent
              case 3 -> "null";
              case 4, 5 -> "\"" + stored.plusSeconds(random.nextInt(1000) + 1) + "\"";
              default -> "\"" + stored.minusSeconds(random.nextInt(100_000) + 1) + "\"";
            };
        sb.append("{\"id\":\"r").append(id++ % 700).append('"');
        sb.append(",\"note\":\"é ☃ ").append("x".repeat(random.nextInt(40))).append('"');
        if (cursor != null) {
          sb.append(",\"dateModified\":").append(cursor);
        }
        sb.append(",\"n\":").append(random.nextInt()).append(",\"f\":").append(random.nextDouble());
        sb.append('}');
      }
      out.add(sb.append(']').toString());
    }
    return out;
  }

  void serve(String path, List<String> pages) {
    api.route =
        r -> {
          String target = r.getTarget();
          int page =
              target.contains("page=") ? Integer.parseInt(target.replaceAll(".*page=", "")) : 1;
          if (!target.startsWith("/api/" + path)) {
            return json("{\"id\":\"child\"}");
          }
          MockResponse.Builder b =
              new MockResponse.Builder()
                  .code(200)
                  .setHeader("Content-Type", "application/json")
                  .body(pages.get(page - 1));
          if (page < pages.size()) {
            b.setHeader("Link", "</api/" + path + "?page=" + (page + 1) + ">; rel=\"next\"");
          }
          return b.build();
        };
  }

  static SourceDefinition source(String extra, String steps) {
    return SourceDefinitionLoader.load(
        ExtractorHttpTests.CLIENT
            + """
            resources:
              - name: recs
                endpoint:
                  path: recs
                  paginator: header_link
                  incremental:
                    cursor_path: dateModified
                primary_key: id
            """
            + steps
            + extra,
        "t");
  }

  /** What the tracker alone makes of every record of every page (after processing steps). */
  record Expected(List<JsonNode> records, CursorValue cursor) {}

  static Expected reference(SourceDefinition source, List<String> pages, CursorValue stored) {
    ResourceDefinition resource = source.resource("recs");
    CursorTracker tracker =
        new CursorTracker(resource.endpoint().incremental(), stored, resource.primaryKey());
    List<JsonNode> kept = new ArrayList<>();
    for (String page : pages) {
      for (JsonNode r : Extractor.JSON.readTree(page)) {
        JsonNode processed = HttpFetcher.process(resource, r);
        if (tracker.accept(processed)) {
          kept.add(processed);
        }
      }
    }
    return new Expected(kept, tracker.result());
  }

  CollectingSink run(SourceDefinition source, ExtractOptions options, Set<String> resources) {
    CollectingSink sink = new CollectingSink();
    CursorValue stored = new CursorValue(STORED, List.of("[\"r3\"]", "[\"r5\"]", "[\"r17\"]"));
    ExtractorHttpTests.extract(
        api, source, resources, Map.of("recs", ResourceCursor.of(stored)), options, sink);
    return sink;
  }

  void assertSameAsTracker(
      SourceDefinition source, List<String> pages, CollectingSink sink, int perPage) {
    CursorValue stored = new CursorValue(STORED, List.of("[\"r3\"]", "[\"r5\"]", "[\"r17\"]"));
    Expected want = reference(source, pages, stored);
    assertThat(want.records()).isNotEmpty();
    assertThat(want.records().size()).isLessThan(pages.size() * perPage / 2);
    assertThat(sink.of("recs")).isEqualTo(want.records());
    assertThat(sink.cursors.get("recs").get(ResourceCursor.ROOT)).isEqualTo(want.cursor());
    assertThat(sink.completed.get("recs")).isEqualTo(want.records().size());
    // Raw page counts still count every record of the response.
    // (The parent's pages come first; a child's follow.)
    assertThat(sink.pages.subList(0, pages.size())).containsOnly(perPage);
  }

  @Test
  void deliversWhatTheTrackerAloneDelivers() {
    List<String> pages = pages(4, 1000); // ~130 KB a page: records cut across network chunks
    serve("recs", pages);
    SourceDefinition source = source("", "");
    CollectingSink sink = run(source, ExtractorHttpTests.FAST, Set.of());
    assertSameAsTracker(source, pages, sink, 1000);
  }

  @Test
  void spilledPagesToo() {
    List<String> pages = pages(3, 1000);
    serve("recs", pages);
    ExtractOptions o = ExtractorHttpTests.FAST;
    ExtractOptions spilling =
        new ExtractOptions(
            o.connectTimeout(),
            o.readTimeout(),
            o.maxRetries(),
            o.retryBudget(),
            o.initialBackoff(),
            o.maxBackoff(),
            o.requestsPerSecond(),
            o.fanOutConcurrency(),
            1024);
    SourceDefinition source = source("", "");
    CollectingSink sink = run(source, spilling, Set.of());
    assertSameAsTracker(source, pages, sink, 1000);
  }

  @Test
  void processingStepsOnTheCursorFieldSeeEveryRecord() {
    List<String> pages = pages(2, 300);
    serve("recs", pages);
    // The cursor field is dropped: no record has a cursor, so every record is kept.
    SourceDefinition dropped =
        source("", "    processing_steps: [{type: drop, field: dateModified}]\n");
    CollectingSink sink = run(dropped, ExtractorHttpTests.FAST, Set.of());
    assertThat(sink.of("recs")).hasSize(600);
    assertThat(sink.of("recs")).isEqualTo(reference(dropped, pages, null).records());
    // Another field fingerprinted into the cursor field: the tracker compares the fingerprints.
    SourceDefinition into =
        source(
            "", "    processing_steps: [{type: fingerprint, field: note, into: dateModified}]\n");
    sink = run(into, ExtractorHttpTests.FAST, Set.of());
    CursorValue stored = new CursorValue(STORED, List.of("[\"r3\"]", "[\"r5\"]", "[\"r17\"]"));
    Expected want = reference(into, pages, stored);
    assertThat(sink.of("recs")).isEqualTo(want.records());
    assertThat(sink.cursors.get("recs").get(ResourceCursor.ROOT)).isEqualTo(want.cursor());
  }

  @Test
  void aParentWithChildrenStillFansOutOverEveryRecord() {
    List<String> pages = pages(3, 20);
    serve("recs", pages);
    SourceDefinition source =
        source(
            """
              - name: detail
                endpoint: "details/{resources.recs.id}"
            """,
            "");
    CollectingSink sink = run(source, ExtractorHttpTests.FAST, Set.of("recs", "detail"));
    assertSameAsTracker(source, pages, sink, 20);
    assertThat(sink.of("detail")).hasSize(60);
    assertThat(api.log.stream().filter(l -> l.target().startsWith("/api/details/")).count())
        .isEqualTo(60);
  }
}
