package io.flowloader.source;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The value checks the schema cannot express (JSONPaths, placeholders, durations, timestamps),
 * collecting every problem as {@code "<yaml path>: <problem>"}.
 */
final class SourceChecks {

  final List<String> problems = new ArrayList<>();

  void add(String problem) {
    problems.add(problem);
  }

  /** A JSONPath, or null (with a problem) when it does not parse. */
  JsonPath path(String text, String where) {
    if (text == null) {
      return null;
    }
    try {
      return JsonPath.parse(text);
    } catch (IllegalArgumentException e) {
      problems.add(where + ": " + e.getMessage());
      return null;
    }
  }

  void checkPath(String where, String text) {
    path(text, where);
  }

  /** Seconds (a number) or ISO-8601 ({@code PT1H}, {@code P30D}). */
  Duration duration(String text, String where) {
    if (text == null) {
      return null;
    }
    if (text.matches("-?\\d+(\\.\\d+)?")) {
      return Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      try {
        Period period = Period.parse(text);
        return Duration.ofDays(period.toTotalMonths() * 30 + period.getDays());
      } catch (DateTimeParseException e2) {
        problems.add(where + ": not a duration (seconds or ISO-8601 such as PT1H or P30D)");
        return null;
      }
    }
  }

  /**
   * A date or date-time as dlt's {@code ensure_pendulum_datetime} reads it: ISO-8601 with or
   * without offset (none means UTC) or a date (midnight UTC).
   */
  Instant timestamp(String text, String where) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      // try the forms without offset
    }
    try {
      return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // try a date
    }
    try {
      return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      problems.add(
          where
              + ": must be an ISO-8601 date or date-time (2024-08-21T12:15:00+00:00), got "
              + text);
      return null;
    }
  }

  /** Placeholders must name known tenant/incremental fields or a parent's field. */
  void checkPlaceholders(String where, String template, IncrementalConfig incremental) {
    for (Placeholders.Placeholder p : Placeholders.find(template)) {
      switch (p.namespace()) {
        case "tenant" -> {
          if (!Placeholders.TENANT_FIELDS.contains(p.path())) {
            problems.add(
                where
                    + ": unknown placeholder "
                    + p
                    + ", tenant has "
                    + Placeholders.TENANT_FIELDS);
          }
        }
        case "incremental" -> {
          if (!Placeholders.INCREMENTAL_FIELDS.contains(p.path())) {
            problems.add(
                where
                    + ": unknown placeholder "
                    + p
                    + ", incremental has "
                    + Placeholders.INCREMENTAL_FIELDS);
          } else if (incremental == null) {
            problems.add(where + ": placeholder " + p + " needs an incremental section");
          }
        }
        case "resources" -> {
          if (p.parentField().isEmpty()) {
            problems.add(where + ": placeholder " + p + " must name a field of the parent");
          } else {
            checkPath(where, p.parentField());
          }
        }
        default -> problems.add(where + ": unknown placeholder namespace in " + p);
      }
    }
  }
}
