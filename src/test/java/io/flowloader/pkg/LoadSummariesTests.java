package io.flowloader.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compacting jsonb's text (which escapes only control characters, quotes and backslashes) gives
 * what parsing it and writing it again with Jackson gives.
 */
class LoadSummariesTests {

  static final JsonMapper JSON = JsonMapper.builder().build();

  static String viaTree(String json) {
    return JSON.writeValueAsString(JSON.readTree(json));
  }

  @Test
  void jsonbTextComesOutAsJacksonWritesIt() {
    for (String jsonb :
        new String[] {
          "[]",
          "{}",
          "[{\"kind\": \"NEW_TABLE\", \"type\": null, \"table\": \"flows\"}]",
          "[{\"a\": \"x\\u001fyé \\\"q\\\" \\\\ , : {\", \"b\": [1, -20, true, false, null]}]",
          "{\"n\": [2.50, 1000, -0.0, 1e-7], \"s\": \"1.5e3\"}",
          "[\"3E5\", 3E5, 17]"
        }) {
      assertThat(LoadSummaries.compact(jsonb)).as(jsonb).isEqualTo(viaTree(jsonb));
    }
    assertThat(LoadSummaries.compact(null)).isNull();
  }
}
