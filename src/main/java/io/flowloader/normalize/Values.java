package io.flowloader.normalize;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import tools.jackson.databind.JsonNode;

/**
 * Type inference and coercion of single JSON values (docs/dlt-compatibility.md, "Types" and "Where
 * the service goes beyond dlt"). Returns the Java value for {@link NormalizedRow} or {@link #FAIL}
 * when the value cannot be stored in the column's type (it then goes to a variant column).
 */
final class Values {

  /** Marker: the value does not fit the target type. */
  static final Object FAIL = new Object();

  /** Marker: the value is stored as NULL (a JSON number beyond the double range). */
  static final Object NULL = new Object();

  private static final int DECIMAL_INTEGER_DIGITS = 78;
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private Values() {}

  /** dlt's type of a non-null value without detection (Python's type): also the variant suffix. */
  static DataType typeOf(JsonNode v) {
    return switch (v.getNodeType()) {
      case STRING, BINARY, POJO -> DataType.TEXT;
      case BOOLEAN -> DataType.BOOL;
      case NUMBER ->
          v.isIntegralNumber()
              ? (v.canConvertToLong() ? DataType.BIGINT : DataType.DECIMAL)
              : DataType.DOUBLE;
      default -> DataType.JSON;
    };
  }

  /** The type a new column gets from its first value: {@link #typeOf} plus timestamp detection. */
  static DataType infer(JsonNode v, String text) {
    DataType type = typeOf(v);
    if (type == DataType.TEXT && text != null && Timestamps.detect(text) != null) {
      return DataType.TIMESTAMP;
    }
    return type;
  }

  /**
   * Converts {@code v} for a column of {@code target}; {@code text} is the already sanitized string
   * for string values. Returns {@link #FAIL} or {@link #NULL} as described on the class.
   */
  static Object coerce(DataType target, JsonNode v, String text) {
    if (v.isFloatingPointNumber() && !Double.isFinite(v.doubleValue())) {
      return target == DataType.JSON ? FAIL : NULL;
    }
    return switch (target) {
      case TEXT -> toText(v, text);
      case BIGINT -> toBigint(v, text);
      case DOUBLE -> toDouble(v, text);
      case BOOL -> toBool(v, text);
      case TIMESTAMP -> toTimestamp(v, text);
      case DECIMAL -> toDecimal(v, text);
      case JSON -> v.isContainer() ? sanitizeJson(v.toString()) : FAIL;
    };
  }

  private static Object toText(JsonNode v, String text) {
    if (text != null) {
      return text;
    }
    if (v.isBoolean()) {
      return v.booleanValue() ? "True" : "False";
    }
    if (v.isIntegralNumber()) {
      return v.isBigInteger() ? v.bigIntegerValue().toString() : Long.toString(v.longValue());
    }
    if (v.isNumber()) {
      return PythonNumbers.repr(v.doubleValue());
    }
    if (v.isContainer()) {
      return sanitizeJson(v.toString());
    }
    return FAIL;
  }

  private static Object toBigint(JsonNode v, String text) {
    if (v.isIntegralNumber()) {
      return v.canConvertToLong() ? (Object) v.longValue() : FAIL;
    }
    if (v.isNumber()) {
      double d = v.doubleValue();
      if (d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63) {
        return (long) d;
      }
      return FAIL;
    }
    if (text != null) {
      BigInteger parsed = PythonNumbers.parseInt(text);
      if (parsed == null || parsed.compareTo(LONG_MIN) < 0 || parsed.compareTo(LONG_MAX) > 0) {
        return FAIL;
      }
      return parsed.longValue();
    }
    return FAIL;
  }

  private static Object toDouble(JsonNode v, String text) {
    if (v.isNumber()) {
      double d = v.isBigInteger() ? v.bigIntegerValue().doubleValue() : v.doubleValue();
      return d == 0 ? 0.0 : d; // dlt's -0.0 arrives as 0
    }
    if (text != null) {
      Double parsed = PythonNumbers.parseFloat(text);
      return parsed == null ? FAIL : parsed;
    }
    return FAIL;
  }

  private static Object toBool(JsonNode v, String text) {
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isIntegralNumber()) {
      return v.isBigInteger() ? v.bigIntegerValue().signum() != 0 : v.longValue() != 0;
    }
    if (v.isNumber()) {
      return v.doubleValue() != 0;
    }
    if (text != null) {
      switch (text.toLowerCase(java.util.Locale.ROOT)) {
        case "true", "t", "yes", "y", "1" -> {
          return Boolean.TRUE;
        }
        case "false", "f", "no", "n", "0" -> {
          return Boolean.FALSE;
        }
        default -> {
          return FAIL;
        }
      }
    }
    return FAIL;
  }

  private static Object toTimestamp(JsonNode v, String text) {
    OffsetDateTime value = null;
    if (text != null) {
      value = Timestamps.coerce(text);
    } else if (v.isIntegralNumber()) {
      value = v.canConvertToLong() ? Timestamps.fromEpochSeconds(v.longValue()) : null;
    } else if (v.isNumber()) {
      value = Timestamps.fromEpochSeconds(v.doubleValue());
    }
    return value == null ? FAIL : value;
  }

  private static Object toDecimal(JsonNode v, String text) {
    BigDecimal d = null;
    if (v.isIntegralNumber()) {
      d = new BigDecimal(v.bigIntegerValue());
    } else if (v.isNumber()) {
      d = new BigDecimal(PythonNumbers.repr(v.doubleValue()));
    } else if (text != null) {
      try {
        d = new BigDecimal(NamingConvention.trim(text));
      } catch (NumberFormatException e) {
        return FAIL;
      }
    }
    // numeric(156,78) holds at most 78 integer digits
    return d == null || d.precision() - d.scale() > DECIMAL_INTEGER_DIGITS ? FAIL : d;
  }

  /**
   * Replaces U+0000 and lone UTF-16 surrogates by U+FFFD (PostgreSQL text cannot hold U+0000; a
   * lone surrogate is not Unicode). Returns the same instance when nothing had to change, so the
   * common case allocates nothing.
   */
  static String sanitize(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if ((char) (c - 1) < 0xD7FF) {
        continue; // U+0001..U+D7FF, nearly every character: one comparison
      }
      if (c == 0 || Character.isSurrogate(c)) {
        if (c != 0
            && Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return replaceInvalid(s);
      }
    }
    return s;
  }

  private static String replaceInvalid(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (c == 0 || Character.isSurrogate(c)) {
        out.append('\uFFFD');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** JSON text for a jsonb column with U+0000 escapes and lone surrogates replaced. */
  static String sanitizeJson(String json) {
    String s = sanitize(json);
    return s.contains("\\u0000") ? s.replace("\\u0000", "\\ufffd") : s;
  }
}
