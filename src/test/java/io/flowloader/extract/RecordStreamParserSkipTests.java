package io.flowloader.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowloader.source.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The pre-filter path of {@link RecordStreamParser}: records outside the cursor's bounds are
 * tokenized without being built and never handed out; every other record arrives exactly as a plain
 * parse builds it (same values, same node types), however the body is cut into chunks.
 */
class RecordStreamParserSkipTests {

  private static final String START = "2025-03-01T00:00:00Z";

  /** A plain parse: every record, no filter, in one chunk. */
  private static List<JsonNode> plain(String selector, String body) {
    List<JsonNode> out = new ArrayList<>();
    RecordStreamParser p =
        new RecordStreamParser(Extractor.JSON, JsonPath.parse(selector), out::add);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    p.feed(bytes, 0, bytes.length);
    p.end();
    return out;
  }

  /** A filtered parse, the body cut at {@code cuts} (ascending byte offsets). */
  private static RecordStreamParser filtered(
      String selector, String body, CursorFilter filter, List<JsonNode> out, int... cuts) {
    RecordStreamParser p =
        new RecordStreamParser(Extractor.JSON, JsonPath.parse(selector), out::add, filter);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    int from = 0;
    for (int cut : cuts) {
      byte[] part = Arrays.copyOfRange(bytes, from, cut);
      p.feed(part, 0, part.length);
      from = cut;
    }
    byte[] rest = Arrays.copyOfRange(bytes, from, bytes.length);
    p.feed(rest, 0, rest.length);
    p.end();
    return p;
  }

  private static CursorFilter filter(String path, String start, String end) {
    return new CursorFilter(JsonPath.parse(path), start, end);
  }

  /** The records a plain parse gives that the filter keeps: what a filtered parse must give. */
  private static List<JsonNode> expected(String selector, String body, CursorFilter filter) {
    return plain(selector, body).stream().filter(r -> !filter.drops(r)).toList();
  }

  /** Values and node classes, all the way down: equal trees of the same node types. */
  private static String shape(JsonNode node) {
    StringBuilder sb = new StringBuilder();
    shape(node, sb);
    return sb.toString();
  }

  private static void shape(JsonNode node, StringBuilder sb) {
    sb.append(node.getClass().getSimpleName()).append('(');
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        sb.append(e.getKey()).append('=');
        shape(e.getValue(), sb);
        sb.append(',');
      }
    } else if (node.isArray()) {
      for (JsonNode e : node) {
        shape(e, sb);
        sb.append(',');
      }
    } else {
      sb.append(node.toString());
    }
    sb.append(')');
  }

  private static List<String> shapes(List<JsonNode> records) {
    return records.stream().map(RecordStreamParserSkipTests::shape).toList();
  }

  private static String rec(String id, String cursorJson, String extra) {
    return "{\"id\":{\"id\":\"" + id + "\"}," + extra + "\"dateModified\":" + cursorJson + "}";
  }

  /**
   * Dropped and kept records alternating in every way (cursor first, last, absent, null, a
   * container, duplicated), with escapes, non-ASCII text, braces inside strings and every kind of
   * number, so that kept records follow dropped ones (the re-parse path) and each other.
   */
  static final String MIXED =
      "["
          + rec("old1", "\"2025-01-01T00:00:00Z\"", "\"n\":1,")
          + ","
          + rec(
              "new1",
              "\"2025-03-02T00:00:00+01:00\"",
              "\"big\":123456789012345678901234567890,\"l\":9000000000,\"f\":-1.5e3,\"i\":-0,")
          + ","
          + "{\"dateModified\":\"2024-12-31T23:59:59.999Z\",\"id\":{\"id\":\"old2\"},\"s\":\"é ☃ \\\"}{[\\u00e9\\n\"}"
          + ","
          + "{\"dateModified\":\"2025-03-01T00:00:00Z\",\"text\":\"Grüße, 日本語 🎉 {\\\"x\\\":[1,2]}\",\"arr\":[{\"dateModified\":\"1999-01-01\"},[],{}],\"z\":null}"
          + ","
          + rec(
              "old3",
              "\"2025-02-28T23:59:59.9999999+00:00\"",
              "\"nested\":{\"dateModified\":\"2030-01-01T00:00:00Z\"},")
          + ","
          + "{\"id\":{\"id\":\"absent\"},\"other\":\"2020-01-01T00:00:00Z\"}"
          + ","
          + rec("old4", "\"2000-01-01T00:00:00Z\"", "")
          + ","
          + rec("null", "null", "\"t\":true,\"u\":false,")
          + ","
          + rec("old5", "\"2000-01-01T00:00:00Z\"", "")
          + ","
          + rec("container", "{\"at\":\"2000-01-01T00:00:00Z\"}", "")
          + ","
          + rec("old6", "\"2000-01-01T00:00:00Z\"", "")
          + ","
          // Duplicate names: the last one is what the tree holds.
          + "{\"dateModified\":\"2030-01-01T00:00:00Z\",\"id\":{\"id\":\"dupDropped\"},\"dateModified\":\"2000-01-01T00:00:00Z\"}"
          + ","
          + "{\"dateModified\":\"2000-01-01T00:00:00Z\",\"id\":{\"id\":\"dupKept\"},\"dateModified\":\"2030-01-01T00:00:00Z\"}"
          + ","
          + rec("old7", "\"2000-01-01T00:00:00Z\"", "")
          + ","
          + rec("late", "\"2025-06-01\"", "\"deep\":[[[[{\"a\":{\"b\":[1,{\"c\":2.25}]}}]]]],")
          + ","
          + rec("old8", "\"2000-01-01T00:00:00Z\"", "")
          + ","
          + "  \n{ \"id\" : { \"id\" : \"spaced\" } ,\n \"dateModified\" : \"2026-01-01T00:00:00Z\" }  "
          + "]";

  @Test
  void keepsExactlyWhatTheFilterKeepsWithIdenticalTrees() {
    CursorFilter f = filter("dateModified", START, null);
    List<JsonNode> want = expected("$", MIXED, f);
    assertThat(want)
        .extracting(r -> r.path("id").path("id").asString(""))
        .containsExactly("new1", "", "absent", "null", "container", "dupKept", "late", "spaced");
    List<JsonNode> got = new ArrayList<>();
    RecordStreamParser p = filtered("$", MIXED, f, got);
    assertThat(shapes(got)).isEqualTo(shapes(want));
    assertThat(got).isEqualTo(want);
    assertThat(p.count()).isEqualTo(plain("$", MIXED).size());
  }

  @Test
  void everyChunkingGivesTheSameRecords() {
    CursorFilter f = filter("dateModified", START, "2026-01-01T00:00:00Z");
    List<String> want = shapes(expected("$", MIXED, f));
    int length = MIXED.getBytes(StandardCharsets.UTF_8).length;
    // Byte by byte: every token and every multi-byte character split everywhere.
    int[] every = new int[length - 1];
    for (int i = 0; i < every.length; i++) {
      every[i] = i + 1;
    }
    List<JsonNode> got = new ArrayList<>();
    filtered("$", MIXED, f, got, every);
    assertThat(shapes(got)).isEqualTo(want);
    // Two chunks, cut at every byte.
    for (int cut = 0; cut <= length; cut++) {
      got.clear();
      filtered("$", MIXED, f, got, cut);
      assertThat(shapes(got)).as("cut at %d", cut).isEqualTo(want);
    }
    // Odd chunk sizes.
    for (int size : new int[] {2, 3, 7, 64, 333}) {
      List<Integer> cuts = new ArrayList<>();
      for (int i = size; i < length; i += size) {
        cuts.add(i);
      }
      got.clear();
      filtered("$", MIXED, f, got, cuts.stream().mapToInt(Integer::intValue).toArray());
      assertThat(shapes(got)).as("chunks of %d", size).isEqualTo(want);
    }
  }

  @Test
  void nestedCursorPathsAndEnvelopes() {
    // Each case twice: built while tokenized (after a kept record) and skipped, then rebuilt
    // (after a dropped one, id 0).
    List<String> cases =
        List.of(
            "{\"m\":{\"at\":5},\"id\":1}",
            "{\"m\":{\"x\":{\"at\":99},\"at\":2},\"id\":2}",
            "{\"id\":3,\"m\":{\"at\":7}}",
            "{\"id\":4,\"m\":[{\"at\":1}]}",
            "{\"id\":5,\"m\":{\"at\":1},\"m\":{\"other\":1}}",
            "{\"id\":6,\"m\":{\"at\":9},\"m\":{\"at\":1}}",
            "{\"id\":7,\"m\":{\"at\":1.5e0}}",
            "{\"id\":8,\"m\":{\"at\":\"10\"}}",
            "{\"id\":9,\"m\":{\"at\":12345678901234567890}}",
            "{\"id\":10,\"m\":{\"at\":6},\"other\":{\"at\":1},\"at\":1}",
            "{\"id\":11,\"m\":{\"at\":1},\"m\":5}",
            "{\"id\":12,\"m\":{\"at\":{\"v\":1}}}",
            "{\"id\":13,\"m\":{\"at\":true}}");
    StringBuilder items = new StringBuilder();
    for (String c : cases) {
      items.append(c).append(',').append("{\"id\":0,\"m\":{\"at\":0}},").append(c).append(',');
    }
    String body =
        "{\"_meta\":{\"page\":1},\"items\":["
            + items.substring(0, items.length() - 1)
            + "],\"after\":{\"items\":[{\"m\":{\"at\":0}}]}}";
    CursorFilter f = filter("m.at", "5", "10");
    List<JsonNode> want = expected("items", body, f);
    assertThat(want)
        .extracting(r -> r.get("id").asInt())
        .containsExactly(1, 1, 3, 3, 4, 4, 5, 5, 10, 10, 11, 11);
    for (int size : new int[] {1, 4, body.length()}) {
      List<Integer> cuts = new ArrayList<>();
      for (int i = size; i < body.length(); i += size) {
        cuts.add(i);
      }
      List<JsonNode> got = new ArrayList<>();
      RecordStreamParser p =
          filtered("items", body, f, got, cuts.stream().mapToInt(Integer::intValue).toArray());
      assertThat(shapes(got)).isEqualTo(shapes(want));
      assertThat(p.count()).isEqualTo(cases.size() * 3);
      assertThat(p.envelope().get("_meta").get("page").asInt()).isEqualTo(1);
      assertThat(p.envelope().get("items")).isEmpty();
      assertThat(p.envelope().get("after").toString())
          .isEqualTo("{\"items\":[{\"m\":{\"at\":0}}]}");
    }
  }

  @Test
  void nonObjectRecordsAndASingleRecordBody() {
    CursorFilter f = filter("dateModified", START, null);
    String body =
        "["
            + rec("old", "\"2000-01-01T00:00:00Z\"", "")
            + ",[1,2],\"s\",3,null,"
            + rec("old", "\"2000-01-01T00:00:00Z\"", "")
            + ",{}]";
    List<JsonNode> got = new ArrayList<>();
    RecordStreamParser p = filtered("$", body, f, got, 1, 2, 3, 50, 51);
    assertThat(shapes(got)).isEqualTo(shapes(expected("$", body, f)));
    assertThat(got).hasSize(5);
    assertThat(p.count()).isEqualTo(7);
    // A root object is one record, decided on its tree.
    got.clear();
    p = filtered("$", rec("old", "\"2000-01-01T00:00:00Z\"", ""), f, got, 3);
    assertThat(got).isEmpty();
    assertThat(p.count()).isEqualTo(1);
  }

  @Test
  void offsetsWithinTheCallersArraysAndTruncation() {
    CursorFilter f = filter("dateModified", START, null);
    byte[] bytes = MIXED.getBytes(StandardCharsets.UTF_8);
    List<JsonNode> got = new ArrayList<>();
    RecordStreamParser p = new RecordStreamParser(Extractor.JSON, JsonPath.parse("$"), got::add, f);
    byte[] padded = new byte[bytes.length + 20];
    System.arraycopy(bytes, 0, padded, 10, bytes.length);
    p.feed(padded, 10, 100);
    p.feed(padded, 110, bytes.length - 100);
    p.end();
    assertThat(shapes(got)).isEqualTo(shapes(expected("$", MIXED, f)));

    // Cut inside a skipped record: still a truncated body, retried by the fetcher.
    String cut =
        "["
            + rec("old", "\"2000-01-01T00:00:00Z\"", "")
            + ",{\"dateModified\":\"2000-01-01T00:00:00Z\",\"x\":[1,";
    assertThatThrownBy(() -> filtered("$", cut, f, new ArrayList<>(), 5))
        .isInstanceOf(TruncatedBodyException.class);
  }

  @Test
  void aLongRunOfDroppedRecordsHoldsNoOldChunks() {
    CursorFilter f = filter("dateModified", START, null);
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < 2000; i++) {
      body.append(
              rec("o" + i, "\"2000-01-01T00:00:00Z\"", "\"pad\":\"" + "x".repeat(i % 50) + "\","))
          .append(',');
    }
    body.append(rec("last", "\"2030-01-01T00:00:00Z\"", "")).append(']');
    List<JsonNode> got = new ArrayList<>();
    int length = body.toString().getBytes(StandardCharsets.UTF_8).length;
    List<Integer> cuts = new ArrayList<>();
    for (int i = 97; i < length; i += 97) {
      cuts.add(i);
    }
    RecordStreamParser p =
        filtered("$", body.toString(), f, got, cuts.stream().mapToInt(Integer::intValue).toArray());
    assertThat(got).extracting(r -> r.get("id").get("id").asString()).containsExactly("last");
    assertThat(p.count()).isEqualTo(2001);
  }
}
