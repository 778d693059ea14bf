package io.flowloader.extract;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A hand-written parser for the ISO-8601 date-times APIs actually send ({@code
 * 2025-01-20T16:45:31.902Z}, {@code …+02:00}, without offset, or a plain date). Cursor filtering
 * parses one value per record, and {@code OffsetDateTime.parse} (a {@code DateTimeFormatter}) is
 * costly at that rate.
 *
 * <p>It only answers forms it fully understands and returns null for everything else, so the caller
 * falls back to the {@code java.time} parsers: whenever it returns an instant, that is the instant
 * {@link CursorTracker#instant} would have returned without it ({@code IsoInstantsTests} compares
 * both over many values).
 */
final class IsoInstants {

  private IsoInstants() {}

  /**
   * {@code uuuu-MM-dd}, optionally followed by {@code THH:mm:ss}, an optional fraction of 1–9
   * digits, and an optional {@code Z} or {@code ±HH:MM} offset; null for anything else.
   */
  static Instant parse(String s) {
    int n = s.length();
    if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    if (year < 0 || month < 0 || day < 0) {
      return null;
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return null;
    }
    if (n == 10) {
      return Instant.ofEpochSecond(epochDay * 86_400);
    }
    if (n < 19 || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (i < n && s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      int count = i - start;
      if (count < 1 || count > 9) {
        return null;
      }
      nanos = digits(s, start, count);
      for (int k = count; k < 9; k++) {
        nanos *= 10;
      }
    }
    int offsetSeconds = 0;
    if (i < n) {
      char c = s.charAt(i);
      if (c == 'Z' && i + 1 == n) {
        offsetSeconds = 0;
      } else if ((c == '+' || c == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
        int oh = digits(s, i + 1, 2);
        int om = digits(s, i + 4, 2);
        if (oh < 0 || om < 0 || om > 59 || oh > 18 || (oh == 18 && om > 0)) {
          return null;
        }
        offsetSeconds = (c == '-' ? -1 : 1) * (oh * 3600 + om * 60);
      } else {
        return null;
      }
    }
    long seconds = epochDay * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds;
    return Instant.ofEpochSecond(seconds, nanos);
  }

  /** The value of {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
