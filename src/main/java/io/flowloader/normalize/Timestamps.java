package io.flowloader.normalize;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;

/**
 * ISO-8601 timestamp detection and parsing as dlt does it with pendulum (docs/dlt-compatibility.md,
 * "Types", timestamps). Hand-written scanner: it runs on every new string column and on every value
 * of a timestamp column, so no regular expressions.
 *
 * <p>All results are in UTC, truncated (not rounded) to microseconds; naive times are UTC.
 */
final class Timestamps {

  private static final long MAX_EPOCH_SECONDS = 253402300799L; // 9999-12-31T23:59:59Z

  private Timestamps() {}

  /** The instant when {@code s} is an ISO timestamp with a time part (detection), else null. */
  static OffsetDateTime detect(String s) {
    Parsed p = parse(s);
    return p != null && p.hasTime ? p.value : null;
  }

  /**
   * Coercion of a string into an existing timestamp column: ISO timestamps, ISO dates (midnight
   * UTC), then numbers as Unix epoch seconds; null when none fits.
   */
  static OffsetDateTime coerce(String s) {
    Parsed p = parse(s);
    if (p != null) {
      return p.value;
    }
    Double seconds = PythonNumbers.parseFloat(s);
    return seconds == null ? null : fromEpochSeconds(seconds);
  }

  /** Unix epoch seconds as a UTC instant; null beyond year 9999 or for non-finite values. */
  static OffsetDateTime fromEpochSeconds(double seconds) {
    if (!Double.isFinite(seconds) || Math.abs(seconds) > MAX_EPOCH_SECONDS) {
      return null;
    }
    long micros = Math.round(seconds * 1_000_000d);
    long secs = Math.floorDiv(micros, 1_000_000L);
    int nanos = (int) Math.floorMod(micros, 1_000_000L) * 1000;
    OffsetDateTime value =
        OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(secs, nanos), ZoneOffset.UTC);
    return value.getYear() < 1 || value.getYear() > 9999 ? null : value;
  }

  /** Unix epoch seconds (integer) as a UTC instant; null beyond year 9999. */
  static OffsetDateTime fromEpochSeconds(long seconds) {
    if (Math.abs(seconds) > MAX_EPOCH_SECONDS) {
      return null;
    }
    OffsetDateTime value =
        OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(seconds), ZoneOffset.UTC);
    return value.getYear() < 1 ? null : value;
  }

  private record Parsed(OffsetDateTime value, boolean hasTime) {}

  /** Scanner state over one string. */
  private static final class Cursor {
    final String s;
    int i;

    Cursor(String s) {
      this.s = s;
    }

    boolean end() {
      return i >= s.length();
    }

    char peek() {
      return i < s.length() ? s.charAt(i) : '\0';
    }

    boolean take(char c) {
      if (peek() == c && !end()) {
        i++;
        return true;
      }
      return false;
    }

    int digitsAhead() {
      int n = 0;
      while (i + n < s.length() && isAsciiDigit(s.charAt(i + n))) {
        n++;
      }
      return n;
    }

    /** Reads exactly {@code count} ASCII digits, or returns -1. */
    int number(int count) {
      if (digitsAhead() < count) {
        return -1;
      }
      int v = 0;
      for (int k = 0; k < count; k++) {
        v = v * 10 + (s.charAt(i++) - '0');
      }
      return v;
    }
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Parses an ISO date or date-time (or the slash form); null when it is neither. */
  private static Parsed parse(String s) {
    if (s.length() < 4 || !isAsciiDigit(s.charAt(0))) {
      return null;
    }
    try {
      return parseOrThrow(new Cursor(s));
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static Parsed parseOrThrow(Cursor c) {
    int year = c.number(4);
    if (year < 1) {
      return null;
    }
    LocalDate date;
    boolean slash = false;
    if (c.end()) {
      return new Parsed(midnight(LocalDate.of(year, 1, 1)), false);
    } else if (c.take('-')) {
      if (c.take('W')) {
        date = weekDate(c, year, true);
      } else if (c.digitsAhead() == 3) {
        date = LocalDate.ofYearDay(year, c.number(3));
      } else {
        int month = c.number(2);
        if (month < 0) {
          return null;
        }
        if (c.take('-')) {
          int day = c.number(2);
          if (day < 0) {
            return null;
          }
          date = LocalDate.of(year, month, day);
        } else if (c.end()) {
          return new Parsed(midnight(LocalDate.of(year, month, 1)), false);
        } else {
          return null;
        }
      }
    } else if (c.take('W')) {
      date = weekDate(c, year, false);
    } else if (c.take('/')) {
      int month = c.number(2);
      if (month < 0 || !c.take('/')) {
        return null;
      }
      int day = c.number(2);
      if (day < 0) {
        return null;
      }
      date = LocalDate.of(year, month, day);
      slash = true;
    } else {
      int n = c.digitsAhead();
      if (n == 4 && (c.i + 4 == c.s.length() || !isAsciiDigit(c.s.charAt(c.i + 4)))) {
        int month = c.number(2);
        int day = c.number(2);
        date = LocalDate.of(year, month, day);
      } else if (n == 3) {
        date = LocalDate.ofYearDay(year, c.number(3));
      } else {
        return null;
      }
    }
    if (date == null) {
      return null;
    }
    if (c.end()) {
      return new Parsed(midnight(date), false);
    }
    if (slash ? !c.take(' ') : !(c.take('T') || c.take(' '))) {
      return null;
    }
    int hour = c.number(2);
    if (hour < 0) {
      return null;
    }
    int minute = 0;
    int second = 0;
    boolean hasSeconds = false;
    if (c.take(':')) {
      minute = c.number(2);
      if (minute < 0) {
        return null;
      }
      if (c.take(':')) {
        second = c.number(2);
        if (second < 0) {
          return null;
        }
        hasSeconds = true;
      }
    } else if (!slash && c.digitsAhead() >= 2) {
      minute = c.number(2);
      if (c.digitsAhead() >= 2) {
        second = c.number(2);
        hasSeconds = true;
      }
    } else if (slash) {
      return null;
    }
    int nanos = 0;
    if (hasSeconds && (c.peek() == '.' || c.peek() == ',') && !c.end()) {
      c.i++;
      int n = c.digitsAhead();
      if (n == 0) {
        return null;
      }
      int micros = 0;
      for (int k = 0; k < 6; k++) {
        micros = micros * 10 + (k < n ? c.s.charAt(c.i + k) - '0' : 0);
      }
      nanos = micros * 1000;
      c.i += n;
    }
    ZoneOffset offset = ZoneOffset.UTC;
    if (!slash && !c.end()) {
      if (c.take('Z')) {
        // UTC
      } else if (c.peek() == '+' || c.peek() == '-') {
        int sign = c.s.charAt(c.i++) == '-' ? -1 : 1;
        int oh = c.number(2);
        if (oh < 0) {
          return null;
        }
        int om = 0;
        if (c.take(':')) {
          om = c.number(2);
          if (om < 0) {
            return null;
          }
        } else if (c.digitsAhead() == 2) {
          om = c.number(2);
        }
        if (oh > 23 || om > 59) {
          return null;
        }
        offset = ZoneOffset.ofTotalSeconds(sign * (oh * 3600 + om * 60));
      } else {
        return null;
      }
    }
    if (!c.end()) {
      return null;
    }
    if (hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    LocalDateTime local = date.atTime(hour, minute, second, nanos);
    OffsetDateTime utc = local.atOffset(offset).withOffsetSameInstant(ZoneOffset.UTC);
    if (utc.getYear() < 1 || utc.getYear() > 9999) {
      return null; // Python's datetime cannot hold it, so dlt cannot either
    }
    return new Parsed(utc.truncatedTo(ChronoUnit.MICROS), true);
  }

  private static LocalDate weekDate(Cursor c, int year, boolean extended) {
    int week = c.number(2);
    if (week < 1) {
      return null;
    }
    int weekday = 1;
    if (extended ? c.take('-') : c.digitsAhead() == 1) {
      weekday = c.number(1);
      if (weekday < 1 || weekday > 7) {
        return null;
      }
    }
    LocalDate start = LocalDate.of(year, 1, 4);
    if (week > start.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum()) {
      return null;
    }
    return start
        .with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
        .with(java.time.temporal.ChronoField.DAY_OF_WEEK, weekday);
  }

  private static OffsetDateTime midnight(LocalDate date) {
    return date.atStartOfDay().atOffset(ZoneOffset.UTC);
  }
}
