package io.boomiflow.simulator;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Deterministic building blocks: every generated value is a pure function of (seed, tenant, kind,
 * index...), so any record can be produced on demand without holding the data set in memory. Times
 * are .NET-style ticks (100 ns since the Unix epoch), so 7 fraction digits are exact.
 */
final class Gen {

  static final long TICKS_PER_SECOND = 10_000_000L;
  static final long TICKS_PER_DAY = 86_400L * TICKS_PER_SECOND;
  static final String ZERO_GUID = "00000000-0000-0000-0000-000000000000";
  static final String MIN_DATE = "0001-01-01T00:00:00Z";

  private Gen() {}

  /** SplitMix64 finaliser over the parts: a cheap, well-spread hash. */
  static long hash(long... parts) {
    long h = 0x9E3779B97F4A7C15L;
    for (long p : parts) {
      h = mix(h ^ p) + 0x9E3779B97F4A7C15L;
    }
    return mix(h);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A non-negative int in [0, bound) from a hash. */
  static int pick(long hash, int bound) {
    return (int) Long.remainderUnsigned(hash, bound);
  }

  static long salt(String s) {
    long h = 1125899906842597L;
    for (int i = 0; i < s.length(); i++) {
      h = 31 * h + s.charAt(i);
    }
    return mix(h);
  }

  /** A version-4-looking UUID derived from the hash parts. */
  static String uuid(long... parts) {
    long a = hash(parts);
    long b = mix(a ^ 0x5DEECE66DL);
    return new UUID((a & ~0xF000L) | 0x4000L, (b & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L)
        .toString();
  }

  static long ticks(java.time.Instant instant) {
    return instant.getEpochSecond() * TICKS_PER_SECOND + instant.getNano() / 100;
  }

  static java.time.Instant instant(long ticks) {
    return java.time.Instant.ofEpochSecond(
        Math.floorDiv(ticks, TICKS_PER_SECOND), Math.floorMod(ticks, TICKS_PER_SECOND) * 100);
  }

  /**
   * The date styles seen in Boomi responses: 0 = seconds + Z, 1 = 3 digits + Z, 2 = 6 digits + Z, 3
   * = 6 digits + {@code +00:00}, 4 = 7 digits + {@code +00:00}, 5 = trailing zeros trimmed + Z.
   */
  static final int STYLES = 6;

  /** Truncates {@code ticks} to what {@code style} can print, so the printed value is exact. */
  static long truncate(long ticks, int style) {
    long unit =
        switch (style) {
          case 0 -> TICKS_PER_SECOND;
          case 1 -> 10_000L;
          case 2, 3 -> 10L;
          default -> 1L;
        };
    return ticks - Math.floorMod(ticks, unit);
  }

  static String format(long ticks, int style) {
    long seconds = Math.floorDiv(ticks, TICKS_PER_SECOND);
    long fraction = Math.floorMod(ticks, TICKS_PER_SECOND);
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    StringBuilder sb = new StringBuilder(34);
    pad(sb, t.getYear(), 4).append('-');
    pad(sb, t.getMonthValue(), 2).append('-');
    pad(sb, t.getDayOfMonth(), 2).append('T');
    pad(sb, t.getHour(), 2).append(':');
    pad(sb, t.getMinute(), 2).append(':');
    pad(sb, t.getSecond(), 2);
    switch (style) {
      case 0 -> sb.append('Z');
      case 1 -> pad(sb.append('.'), fraction / 10_000, 3).append('Z');
      case 2 -> pad(sb.append('.'), fraction / 10, 6).append('Z');
      case 3 -> pad(sb.append('.'), fraction / 10, 6).append("+00:00");
      case 4 -> pad(sb.append('.'), fraction, 7).append("+00:00");
      default -> {
        if (fraction != 0) {
          int len = sb.length();
          pad(sb.append('.'), fraction, 7);
          int end = sb.length();
          while (end > len + 2 && sb.charAt(end - 1) == '0') {
            end--;
          }
          sb.setLength(end);
        }
        sb.append('Z');
      }
    }
    return sb.toString();
  }

  private static StringBuilder pad(StringBuilder sb, long value, int width) {
    String s = Long.toString(value);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(s);
  }

  /**
   * Parses an ISO-8601 query value (Z, offset, or none = UTC; any fraction; date only) to ticks.
   */
  static long parseTicks(String value) {
    String v = value.trim().replace(' ', '+'); // an unencoded '+' arrives as a space
    try {
      return ticks(java.time.OffsetDateTime.parse(v).toInstant());
    } catch (java.time.format.DateTimeParseException e) {
      try {
        return ticks(LocalDateTime.parse(v).toInstant(ZoneOffset.UTC));
      } catch (java.time.format.DateTimeParseException e2) {
        return ticks(java.time.LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant());
      }
    }
  }
}
