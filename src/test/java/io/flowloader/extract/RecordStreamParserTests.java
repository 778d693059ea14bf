package io.flowloader.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowloader.source.JsonPath;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RecordStreamParserTests {

  private final List<JsonNode> records = new ArrayList<>();

  private RecordStreamParser parse(String selector, String body, int chunk) {
    RecordStreamParser parser =
        new RecordStreamParser(
            Extractor.JSON, selector == null ? null : JsonPath.parse(selector), records::add);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += chunk) {
      byte[] part = java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunk));
      parser.feed(part, 0, part.length);
    }
    parser.end();
    return parser;
  }

  @Test
  void bareArrayRecordsArriveAsTheyAreParsed() {
    List<Integer> seenAt = new ArrayList<>();
    RecordStreamParser parser =
        new RecordStreamParser(
            Extractor.JSON, JsonPath.parse("$"), r -> seenAt.add(r.get("n").asInt()));
    parser.feed("[{\"n\":1},".getBytes(), 0, 9);
    assertThat(seenAt).containsExactly(1);
    parser.feed("{\"n\":2}]".getBytes(), 0, 8);
    parser.end();
    assertThat(seenAt).containsExactly(1, 2);
    assertThat(parser.envelope()).isNotNull();
  }

  @Test
  void envelopeItemsStreamAndMetaIsKept() {
    String body =
        "{\"_meta\":{\"total\":3,\"pageSize\":2,\"page\":1},\"_links\":{\"next\":\"/x?page=2\"},"
            + "\"items\":[{\"id\":\"a\",\"big\":123456789012345678901234567890,\"l\":9000000000,"
            + "\"f\":1.5,\"nested\":{\"arr\":[1,[2,{\"x\":null}]]}},{\"id\":\"b\"}],\"after\":true}";
    RecordStreamParser parser = parse("items", body, 3);
    assertThat(records).extracting(r -> r.get("id").asString()).containsExactly("a", "b");
    JsonNode a = records.get(0);
    assertThat(a.get("big").isBigInteger()).isTrue();
    assertThat(a.get("big").bigIntegerValue())
        .isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(a.get("l").isLong()).isTrue();
    assertThat(a.get("f").isDouble()).isTrue();
    assertThat(a.get("nested").toString()).isEqualTo("{\"arr\":[1,[2,{\"x\":null}]]}");
    assertThat(parser.envelope().get("_meta").get("total").asInt()).isEqualTo(3);
    assertThat(parser.envelope().get("items")).isEmpty();
    assertThat(parser.envelope().get("after").asBoolean()).isTrue();
  }

  @Test
  void singleObjectIsOneRecordAndNullItemsAreNone() {
    parse("$", "{\"id\":{\"id\":\"x\"},\"mapElements\":[1,2]}", 5);
    assertThat(records).hasSize(1);
    records.clear();
    RecordStreamParser p = parse("items", "{\"_meta\":{\"total\":0},\"items\":null}", 4);
    assertThat(records).isEmpty();
    assertThat(p.selectorFound()).isTrue();
    RecordStreamParser missing = parse("items", "{\"_meta\":{\"total\":0}}", 4);
    assertThat(missing.selectorFound()).isFalse();
  }

  @Test
  void truncatedOrEmptyBodyIsDetected() {
    assertThatThrownBy(() -> parse("$", "[{\"id\":1},{\"id\":2}", 4))
        .isInstanceOf(TruncatedBodyException.class);
    assertThatThrownBy(() -> parse("items", "{\"items\":[{\"id\":1}],\"_meta\":{\"to", 4))
        .isInstanceOf(TruncatedBodyException.class);
    assertThatThrownBy(() -> parse("$", "", 4)).isInstanceOf(TruncatedBodyException.class);
  }
}
