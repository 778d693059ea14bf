package io.flowloader.pkg;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Creates load ids in dlt's format: Unix seconds, {@code .}, then 1–6 fraction digits (e.g. {@code
 * 1795824949.242745}). Strictly increasing within the process; they order the same as text and as
 * numbers until the year 2286 (dlt-compat.md §5.5).
 */
public final class LoadIds {

  private static final AtomicLong LAST_MICROS = new AtomicLong();

  private LoadIds() {}

  public static String next() {
    Instant instant = Instant.now();
    long now = instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
    long micros = LAST_MICROS.updateAndGet(last -> Math.max(last + 1, now));
    return format(micros);
  }

  static String format(long epochMicros) {
    long seconds = epochMicros / 1_000_000;
    String fraction = String.format("%06d", epochMicros % 1_000_000).replaceAll("0+$", "");
    return seconds + "." + (fraction.isEmpty() ? "0" : fraction);
  }
}
