package io.flowloader.extract;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parses {@code Retry-After} in both RFC 9110 forms: delay-seconds and HTTP-date. */
final class RetryAfter {

  private RetryAfter() {}

  /** The delay the header asks for (never negative), or null when absent or unparseable. */
  static Duration parse(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    if (value.matches("\\d+(\\.\\d+)?")) {
      return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
