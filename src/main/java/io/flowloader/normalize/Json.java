package io.flowloader.normalize;

import java.math.BigDecimal;
import java.util.Comparator;
import tools.jackson.databind.JsonNode;

/**
 * Compact JSON text the way dlt's {@code dlt.common.json} writes it for its row and key hashes
 * ({@code get_row_hash}: orjson with {@code OPT_SORT_KEYS}): strings unescaped but for {@code "},
 * {@code \\} and control characters, floats in orjson's (ryu's) shortest form, keys sorted by code
 * point.
 */
final class Json {

  /** orjson's {@code OPT_SORT_KEYS} order: by Unicode code point (UTF-8 byte order). */
  static final Comparator<String> KEY_ORDER = Json::compareCodePoints;

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
      appendFloat(sb, v.doubleValue());
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
      keys.sort(KEY_ORDER);
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

  /**
   * A float as orjson writes it (the ryu layout of dlt's reference orjson 3.8): shortest round-trip
   * digits; plain notation when the decimal exponent is -5 to 15 ({@code 0.00001}, {@code
   * 1000000000000000.0}, {@code 1.0}, {@code -0.0}), else {@code 1e20}, {@code 1.5e-7} (no {@code
   * +}, no zero padding); NaN and infinities as {@code null}. Python's {@code repr} differs: {@code
   * 1e+20}, {@code 1e-05}.
   */
  static void appendFloat(StringBuilder sb, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      sb.append("null");
      return;
    }
    if (v == 0) {
      sb.append(1 / v < 0 ? "-0.0" : "0.0");
      return;
    }
    if (v < 0) {
      sb.append('-');
    }
    BigDecimal shortest = PythonNumbers.shortest(Math.abs(v));
    String digits = shortest.unscaledValue().toString();
    int pointPos = digits.length() - shortest.scale(); // value = 0.digits × 10^pointPos
    int exp10 = pointPos - 1; // value = d.ddd × 10^exp10
    if (exp10 >= -5 && exp10 <= 15) {
      if (pointPos <= 0) {
        sb.append("0.").append("0".repeat(-pointPos)).append(digits);
      } else if (pointPos >= digits.length()) {
        sb.append(digits).append("0".repeat(pointPos - digits.length())).append(".0");
      } else {
        sb.append(digits, 0, pointPos).append('.').append(digits, pointPos, digits.length());
      }
    } else {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exp10);
    }
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
