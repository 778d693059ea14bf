package io.flowloader.load;

import io.flowloader.normalize.DataType;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The StringBuilder COPY encoder the staging writer used before {@link CopyBytes}, kept as the
 * reference that {@code CopyBytesTests} compares the byte encoder with (its output, turned into
 * UTF-8, is what PostgreSQL was sent before).
 */
final class CopyTextReference {

  private CopyTextReference() {}

  static void appendValue(StringBuilder out, DataType type, Object value) {
    if (value == null) {
      out.append(CopyText.NULL);
      return;
    }
    switch (type) {
      case BOOL -> out.append(CopyText.booleanValue(value) ? 't' : 'f');
      case DOUBLE -> out.append(CopyText.doubleText(value));
      case BIGINT -> appendInteger(out, value);
      case DECIMAL -> out.append(CopyText.decimalText(value));
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
        // PostgreSQL text cannot hold U+0000; the normalizer already replaces it
        // (docs/dlt-compatibility.md, "Where the service goes beyond dlt"),
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

  /**
   * Appends {@link CopyText#timestampText}'s text. The common case, a UTC date-time of years 1–9999
   * (every timestamp the normalizer makes), is written digit by digit: formatting with {@link
   * DateTimeFormatter} per value is costly at this volume. Anything else goes through the
   * formatter, so the text is the same either way ({@code CopyTextTests} compares).
   */
  static void appendTimestamp(StringBuilder out, Object value) {
    OffsetDateTime t = null;
    if (value instanceof OffsetDateTime o) {
      t = o.getOffset().equals(ZoneOffset.UTC) ? o : o.withOffsetSameInstant(ZoneOffset.UTC);
    } else if (value instanceof java.time.Instant i) {
      t = i.atOffset(ZoneOffset.UTC);
    }
    if (t == null || t.getYear() < 0 || t.getYear() > 9999) {
      out.append(CopyText.timestampText(value));
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

  private static void appendInteger(StringBuilder out, Object value) {
    if (value instanceof Long l) {
      out.append(l.longValue()); // no intermediate String: most values of a load are ids/counts
    } else {
      out.append(CopyText.integerText(value));
    }
  }
}
