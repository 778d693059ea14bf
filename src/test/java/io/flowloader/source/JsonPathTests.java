package io.flowloader.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JsonPathTests {

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void parsesTheSupportedForms() {
    assertThat(JsonPath.parse("$").isRoot()).isTrue();
    assertThat(JsonPath.parse("$[*]").isRoot()).isTrue();
    assertThat(JsonPath.parse("items").fields()).containsExactly("items");
    assertThat(JsonPath.parse("$.items[*]").fields()).containsExactly("items");
    assertThat(JsonPath.parse("$.items[*]").eachElement()).isTrue();
    assertThat(JsonPath.parse("_meta.total").fields()).containsExactly("_meta", "total");
    assertThat(JsonPath.parse("$['odd key'].x").fields()).containsExactly("odd key", "x");
  }

  @Test
  void rejectsWhatItCannotEvaluate() {
    for (String bad :
        new String[] {"$..items", "$.items[0]", "$.items[?(@.a)]", "a.*.b", "", "a b"}) {
      assertThatThrownBy(() -> JsonPath.parse(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void selectsValues() {
    var doc = json.readTree("{\"_meta\":{\"total\":269},\"id\":{\"id\":\"a\"},\"n\":null}");
    assertThat(JsonPath.parse("_meta.total").select(doc).asInt()).isEqualTo(269);
    assertThat(JsonPath.parse("$.id.id").selectText(doc)).isEqualTo("a");
    assertThat(JsonPath.parse("missing.x").select(doc)).isNull();
    assertThat(JsonPath.parse("n").selectText(doc)).isNull();
    assertThat(JsonPath.parse("$").select(doc)).isSameAs(doc);
  }
}
