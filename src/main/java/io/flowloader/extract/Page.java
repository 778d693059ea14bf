package io.flowloader.extract;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A completely received page: its records (buffered), the envelope around them, the response
 * headers (lower-case names), and whether a response action said to ignore it.
 */
record Page(
    PageBuffer records,
    int rawCount,
    JsonNode envelope,
    Map<String, List<String>> headers,
    boolean ignored)
    implements AutoCloseable {

  static Page ignoredPage() {
    return new Page(null, 0, null, Map.of(), true);
  }

  String header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  @Override
  public void close() {
    if (records != null) {
      records.close();
    }
  }
}
