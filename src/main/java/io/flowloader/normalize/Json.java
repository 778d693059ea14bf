package io.flowloader.normalize;

import tools.jackson.databind.JsonNode;

/** Compact JSON text the way Python's {@code json.dumps(..., ensure_ascii=False)} writes it. */
final class Json {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Json() {}

  static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** A scalar as JSON; containers as Jackson writes them. */
  static void appendScalar(StringBuilder sb, JsonNode v) {
    if (v.isString()) {
      appendString(sb, v.stringValue());
    } else if (v.isBoolean()) {
      sb.append(v.booleanValue() ? "true" : "false");
    } else if (v.isIntegralNumber()) {
      sb.append(v.bigIntegerValue());
    } else if (v.isNumber()) {
      sb.append(PythonNumbers.repr(v.doubleValue()));
    } else if (v.isNull()) {
      sb.append("null");
    } else {
      sb.append(v);
    }
  }

  /**
   * {@code v} as compact JSON with object keys sorted at every level ({@code json.dumps(...,
   * sort_keys=True)}); scalars as {@link #appendScalar}.
   */
  static void appendSorted(StringBuilder sb, JsonNode v) {
    if (v.isObject()) {
      java.util.List<String> keys = new java.util.ArrayList<>(v.propertyNames());
      keys.sort(null);
      sb.append('{');
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        appendString(sb, keys.get(i));
        sb.append(':');
        appendSorted(sb, v.get(keys.get(i)));
      }
      sb.append('}');
    } else if (v.isArray()) {
      sb.append('[');
      for (int i = 0; i < v.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        appendSorted(sb, v.get(i));
      }
      sb.append(']');
    } else {
      appendScalar(sb, v);
    }
  }
}
