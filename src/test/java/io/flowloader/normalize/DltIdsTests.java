package io.flowloader.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Row ids and load ids as dlt makes them (docs/dlt-compatibility.md), dlt's own examples. */
class DltIdsTests {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "WVLNdIIhSp28TA|flows__tags|0|+e32W3eEMKf/jw",
        "WVLNdIIhSp28TA|flows__tags|1|dFuYrRalESZbiQ",
        "+w5HATcoSjMmCg|things__lol__list|0|T88GV5AKXRwTEw",
        "M/3O9GnZ+fPGTQ|flows__authorization__groups|12|iXV4QfFWyJ+KlA",
      })
  void childIds(String parent, String table, int index, String expected) {
    assertThat(DltIds.childId(parent, table, index)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "`{\"id\":\"d51ce9a9-d8c5-5157-af5a-0d96c40b2d14\"}`|3U2R+0fVWyiEsw",
        "`{\"id__id\":\"a1\"}`|M/3O9GnZ+fPGTQ",
        "`{\"name\":\"ci\",\"tenant_id\":\"t-1\"}`|dAxin27wCdsRTA",
        "`{\"id\":42}`|20oFcVlCAd/fEw",
        "`{\"name\":\"Größe ✓\"}`|K8rLQ8SLK13qMA",
      })
  void keyHashes(String json, String expected) {
    assertThat(DltIds.keyHash(json)).isEqualTo(expected);
  }

  @Test
  void randomIdsAre14Base64Characters() {
    String id = DltIds.random();
    assertThat(id).hasSize(14).matches("[A-Za-z0-9+/]{14}");
    assertThat(DltIds.random()).isNotEqualTo(id);
  }

  @Test
  void blockDrawnRandomIdsHaveTheSameShapeAndDoNotRepeat() {
    DltIds ids = new DltIds();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < 5_000; i++) {
      String id = ids.randomId();
      assertThat(id).hasSize(14).matches("[A-Za-z0-9+/]{13}[AQgw]");
      assertThat(seen.add(id)).as("unique").isTrue();
    }
    // The hand-written Base64 is the JDK's: compare on known bytes via the SHAKE ids above, and on
    // the key hashes (same encoder); here a non-ASCII table name goes through the UTF-8 fallback.
    assertThat(new DltIds().child("WVLNdIIhSp28TA", "flows__tags", 1)).isEqualTo("dFuYrRalESZbiQ");
    assertThat(new DltIds().child("pärent", "täble", 3))
        .isEqualTo(new DltIds().hash("pärent_täble_3"));
  }

  @Test
  void childIdsWriteTheListIndexInDecimalAsIntegerToStringDoes() {
    DltIds ids = new DltIds();
    int[] edges = {9, 10, 99, 100, 999_999, 1_000_000, Integer.MAX_VALUE};
    for (int index = 0; index < 2_000; index++) {
      assertThat(ids.child("WVLNdIIhSp28TA", "flows__tags", index))
          .isEqualTo(ids.hash("WVLNdIIhSp28TA_flows__tags_" + index));
    }
    for (int index : edges) {
      assertThat(ids.child("WVLNdIIhSp28TA", "flows__tags", index))
          .isEqualTo(ids.hash("WVLNdIIhSp28TA_flows__tags_" + index));
    }
  }

  @Test
  void loadIdsHaveDltsShapeAndIncrease() {
    String previous = LoadId.next();
    for (int i = 0; i < 1000; i++) {
      String next = LoadId.next();
      assertThat(next).matches("\\d{10}\\.\\d{1,7}");
      assertThat(next.compareTo(previous)).isPositive();
      assertThat(Double.parseDouble(next)).isGreaterThanOrEqualTo(Double.parseDouble(previous));
      previous = next;
    }
    assertThat(LoadId.format(1795825206677029L)).isEqualTo("1795825206.677029");
    assertThat(LoadId.format(1795824949242745L)).isEqualTo("1795824949.242745");
    assertThat(LoadId.format(1795824949000000L)).isEqualTo("1795824949.0");
    assertThat(LoadId.format(1795824949500000L)).isEqualTo("1795824949.5");
  }
}
