package io.flowloader.load;

import io.flowloader.normalize.DataType;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;

/**
 * Encodes values in PostgreSQL's COPY text format: tab between fields, newline after a row, {@code
 * \N} for NULL, and backslash escapes for backslash, tab, newline and carriage return (so an empty
 * string stays distinct from NULL and no value can end a field or a row early). Every other
 * character, control characters and emoji included, passes verbatim as UTF-8.
 */
final class CopyText {

  static final String NULL = "\\N";

  /** Always UTC with an explicit offset; years 1–9999 print with four digits. */
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx");

  private CopyText() {}

  static void appendValue(StringBuilder out, DataType type, Object value) {
    if (value == null) {
      out.append(NULL);
      return;
    }
    switch (type) {
      case BOOL -> out.append(booleanValue(value) ? 't' : 'f');
      case DOUBLE -> out.append(doubleText(value));
      case BIGINT -> appendInteger(out, value);
      case DECIMAL -> out.append(decimalText(value));
      case TIMESTAMP -> appendTimestamp(out, value);
      case TEXT, JSON -> appendEscaped(out, String.valueOf(value));
    }
  }

  static void appendEscaped(StringBuilder out, String s) {
    // Most values need no escape: copy them in one piece, and runs between escapes likewise
    // (appending char by char was the largest part of COPY encoding).
    int n = s.length();
    int from = 0;
    for (int i = 0; i < n; i++) {
      char ch = s.charAt(i);
      if (ch > '\\' || (ch != '\\' && ch != '\t' && ch != '\n' && ch != '\r' && ch != '\0')) {
        continue;
      }
      out.append(s, from, i);
      from = i + 1;
      switch (ch) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        // PostgreSQL text cannot hold U+0000; the normalizer already replaces it (dlt-compat §7),
        // this keeps a stray one from failing the whole COPY.
        default -> out.append('\uFFFD');
      }
    }
    if (from == 0) {
      out.append(s); // a bulk copy; append(s, from, n) may go char by char
    } else {
      out.append(s, from, n);
    }
  }

  static boolean booleanValue(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException("not a boolean: " + value.getClass().getSimpleName());
  }

  static String doubleText(Object value) {
    if (!(value instanceof Number n)) {
      throw new IllegalArgumentException("not a number: " + value.getClass().getSimpleName());
    }
    double d = n.doubleValue();
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    // Double.toString round-trips exactly; PostgreSQL parses its exponent form.
    return Double.toString(d);
  }

  private static void appendInteger(StringBuilder out, Object value) {
    if (value instanceof Long l) {
      out.append(l.longValue()); // no intermediate String: most values of a load are ids/counts
    } else {
      out.append(integerText(value));
    }
  }

  static String integerText(Object value) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short) {
      return value.toString();
    }
    if (value instanceof java.math.BigInteger b) {
      return b.toString();
    }
    if (value instanceof BigDecimal b) {
      return b.toBigIntegerExact().toString();
    }
    throw new IllegalArgumentException("not an integer: " + value.getClass().getSimpleName());
  }

  static String decimalText(Object value) {
    if (value instanceof BigDecimal b) {
      return b.toPlainString();
    }
    if (value instanceof Number n) {
      return new BigDecimal(n.toString()).toPlainString();
    }
    throw new IllegalArgumentException("not a decimal: " + value.getClass().getSimpleName());
  }

  /**
   * Appends {@link #timestampText}'s text. The common case, a UTC date-time of years 1–9999 (every
   * timestamp the normalizer makes), is written digit by digit: formatting with {@link
   * DateTimeFormatter} was about a fifth of the load's CPU (issue 7 profile). Anything else goes
   * through the formatter, so the text is the same either way ({@code CopyTextTests} compares).
   */
  static void appendTimestamp(StringBuilder out, Object value) {
    OffsetDateTime t = null;
    if (value instanceof OffsetDateTime o) {
      t = o.getOffset().equals(ZoneOffset.UTC) ? o : o.withOffsetSameInstant(ZoneOffset.UTC);
    } else if (value instanceof java.time.Instant i) {
      t = i.atOffset(ZoneOffset.UTC);
    }
    if (t == null || t.getYear() < 0 || t.getYear() > 9999) {
      out.append(timestampText(value));
      return;
    }
    pad(out, t.getYear(), 4).append('-');
    pad(out, t.getMonthValue(), 2).append('-');
    pad(out, t.getDayOfMonth(), 2).append(' ');
    pad(out, t.getHour(), 2).append(':');
    pad(out, t.getMinute(), 2).append(':');
    pad(out, t.getSecond(), 2).append('.');
    pad(out, t.getNano() / 1000, 6).append("+00:00");
  }

  /** Appends {@code value} (non-negative) with leading zeros to {@code width} digits. */
  private static StringBuilder pad(StringBuilder out, int value, int width) {
    for (int limit = 10, digits = 1; digits < width; limit *= 10, digits++) {
      if (value < limit) {
        out.append('0');
      }
    }
    return out.append(value);
  }

  static String timestampText(Object value) {
    if (value instanceof OffsetDateTime t) {
      return TIMESTAMP.format(t.withOffsetSameInstant(ZoneOffset.UTC));
    }
    if (value instanceof java.time.Instant i) {
      return TIMESTAMP.format(i.atOffset(ZoneOffset.UTC));
    }
    if (value instanceof TemporalAccessor t) {
      return TIMESTAMP.format(OffsetDateTime.from(t).withOffsetSameInstant(ZoneOffset.UTC));
    }
    throw new IllegalArgumentException("not a timestamp: " + value.getClass().getSimpleName());
  }
}
