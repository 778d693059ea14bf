package io.flowloader.load;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;

/**
 * The text of single values in PostgreSQL's COPY text format, for {@link CopyBytes}, which writes
 * rows: {@code \N} for NULL, booleans, numbers and timestamps (UTC, explicit offset) as PostgreSQL
 * parses them back exactly.
 */
final class CopyText {

  static final String NULL = "\\N";

  /** Always UTC with an explicit offset; years 1–9999 print with four digits. */
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx");

  private CopyText() {}

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
