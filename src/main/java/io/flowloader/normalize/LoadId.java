package io.flowloader.normalize;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * dlt-format load ids (docs/dlt-compatibility.md, "System tables"): Unix seconds with 1–6 fraction
 * digits, e.g. {@code 1795825206.677029}. Strictly increasing within the JVM, and ordering the same
 * as text and as a number (10 integer digits, no trailing zeros in the fraction).
 */
public final class LoadId {

  private static final AtomicLong LAST_MICROS = new AtomicLong();

  private LoadId() {}

  /** A new load id, greater than every id this JVM produced before. */
  public static String next() {
    Instant instant = Instant.now();
    long now = instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    long micros = LAST_MICROS.updateAndGet(last -> Math.max(last + 1, now));
    return format(micros);
  }

  /** The load id of a point in time given in Unix microseconds. */
  public static String format(long epochMicros) {
    long seconds = Math.floorDiv(epochMicros, 1_000_000L);
    long fraction = Math.floorMod(epochMicros, 1_000_000L);
    String digits = String.format("%06d", fraction);
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    return seconds + "." + digits.substring(0, end);
  }
}
