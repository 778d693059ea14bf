package io.flowloader.extract;

import io.flowloader.source.IncrementalConfig;
import io.flowloader.source.JsonPath;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Client-side incremental filtering for one cursor (one resource, or one parent of a child
 * resource): keeps records with {@code start <= cursor < end_value}, drops records sitting exactly
 * on the previous last value whose primary key was already delivered there (boundary dedup), and
 * tracks the new last value with its boundary keys. Date-times in any ISO-8601 form ({@code Z} or
 * {@code +00:00}, 0-9 fraction digits) compare as instants; numbers as numbers; anything else as
 * text. Records without a cursor value are kept and do not move the cursor.
 */
final class CursorTracker {

  private final IncrementalConfig config;
  private final List<JsonPath> primaryKey;
  private final CursorValue stored;
  private final Set<String> storedBoundary;
  private final String start;
  private final String end;
  // Parsed once: accept() runs per record, and date-time parsing dominated it.
  private final CursorFilter bounds;
  private final Point storedPoint;
  private Point max;
  private final Set<String> maxKeys = new LinkedHashSet<>();
  // Primary-key values of records at the current maximum whose key text is not made yet: on an
  // ascending load nearly every record raises the maximum, and serialising each key would dominate
  // accept(). Key texts are made when needed, in arrival order.
  private final List<JsonNode[]> pendingMaxKeys = new ArrayList<>();

  CursorTracker(IncrementalConfig config, CursorValue stored, List<String> primaryKey) {
    this.config = config;
    this.stored = stored;
    this.primaryKey = primaryKey.stream().map(JsonPath::parse).toList();
    this.storedBoundary = stored == null ? Set.of() : new HashSet<>(stored.boundaryKeys());
    if (stored != null && stored.value() != null) {
      this.start = minus(normalise(stored.value()), config.lag());
    } else {
      this.start = config.initialValue() == null ? null : normalise(config.initialValue());
    }
    this.end = config.endValue() == null ? null : normalise(config.endValue());
    this.bounds = new CursorFilter(config.cursorPath(), start, end);
    this.storedPoint = stored == null || stored.value() == null ? null : Point.of(stored.value());
  }

  /** The closed lower bound bound to {@code {incremental.start_value}}; null on a full load. */
  String startValue() {
    return start;
  }

  /** The open upper bound bound to {@code {incremental.end_value}}; null when unbounded. */
  String endValue() {
    return end;
  }

  /**
   * The part of {@link #accept} that needs no state: drops outside {@code [start, end)}, to be
   * applied before records are built and delivered ({@link RecordStreamParser}); null when there is
   * no bound, or the cursor is the record itself ({@code $}). A record it drops, {@link #accept}
   * would drop without changing anything; a record it keeps still goes through {@link #accept}.
   */
  CursorFilter preFilter() {
    return bounds.bounded() && !config.cursorPath().isRoot() ? bounds : null;
  }

  /** Decides whether to deliver a record and records its cursor value. */
  boolean accept(JsonNode record) {
    String raw = config.cursorPath().selectText(record);
    if (raw == null) {
      return true;
    }
    Point value = Point.of(raw);
    if (bounds.outside(value)) {
      return false;
    }
    JsonNode[] keyValues = keyValues(record);
    if (storedPoint != null
        && value.compareTo(storedPoint) == 0
        && storedBoundary.contains(key(keyValues))) {
      return false;
    }
    int vsMax = max == null ? 1 : value.compareTo(max);
    if (vsMax > 0) {
      max = value;
      maxKeys.clear();
      pendingMaxKeys.clear();
      pendingMaxKeys.add(keyValues);
    } else if (vsMax == 0) {
      pendingMaxKeys.add(keyValues);
      if (pendingMaxKeys.size() >= 1024) {
        drainPendingKeys(); // many records on one value: keep memory bounded by distinct keys
      }
    }
    return true;
  }

  private void drainPendingKeys() {
    for (JsonNode[] values : pendingMaxKeys) {
      maxKeys.add(key(values));
    }
    pendingMaxKeys.clear();
  }

  /** The new position: the highest value delivered (kept from before when nothing was newer). */
  CursorValue result() {
    drainPendingKeys();
    if (max == null) {
      return stored != null ? stored : new CursorValue(null, List.of());
    }
    if (storedPoint != null) {
      int c = max.compareTo(storedPoint);
      if (c < 0) {
        return stored;
      }
      if (c == 0) {
        Set<String> keys = new LinkedHashSet<>(stored.boundaryKeys());
        keys.addAll(maxKeys);
        return new CursorValue(max.text(), new ArrayList<>(keys));
      }
    }
    return new CursorValue(max.text(), new ArrayList<>(maxKeys));
  }

  /** The record's primary-key values (null where absent), taken before anything changes it. */
  private JsonNode[] keyValues(JsonNode record) {
    JsonNode[] values = new JsonNode[primaryKey.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = primaryKey.get(i).select(record);
    }
    return values;
  }

  /** A boundary key: the JSON array of the primary-key values. */
  private static String key(JsonNode[] values) {
    var array = JsonNodeFactory.instance.arrayNode();
    for (JsonNode v : values) {
      array.add(v == null ? JsonNodeFactory.instance.nullNode() : v);
    }
    return array.toString();
  }

  /** A date-time as an ISO-8601 UTC instant; any other value unchanged. */
  static String normalise(String value) {
    Instant instant = instant(value);
    return instant == null ? value : instant.toString();
  }

  static Instant instant(String value) {
    if (value == null || value.length() < 10 || !Character.isDigit(value.charAt(0))) {
      return null;
    }
    Instant fast = IsoInstants.parse(value);
    if (fast != null) {
      return fast;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      // try the forms without an offset
    }
    try {
      return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // try a plain date
    }
    try {
      return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * A normalised cursor value with its instant when it is a date-time. The normalised text of a
   * date-time is made only when asked for, not per record.
   */
  static final class Point implements Comparable<Point> {
    private final Instant instant;
    private String text;

    private Point(String text, Instant instant) {
      this.text = text;
      this.instant = instant;
    }

    static Point of(String value) {
      Instant parsed = CursorTracker.instant(value);
      return new Point(parsed == null ? value : null, parsed);
    }

    String text() {
      if (text == null) {
        text = instant.toString();
      }
      return text;
    }

    @Override
    public int compareTo(Point other) {
      if (instant != null && other.instant != null) {
        return instant.compareTo(other.instant);
      }
      return compare(text(), other.text());
    }
  }

  static int compare(String a, String b) {
    Instant ia = instant(a);
    Instant ib = instant(b);
    if (ia != null && ib != null) {
      return ia.compareTo(ib);
    }
    try {
      return new BigDecimal(a).compareTo(new BigDecimal(b));
    } catch (NumberFormatException e) {
      return a.compareTo(b);
    }
  }

  /** {@code value - lag}: instants by the duration, numbers by its seconds. */
  static String minus(String value, Duration lag) {
    if (lag == null || lag.isZero()) {
      return value;
    }
    Instant instant = instant(value);
    if (instant != null) {
      return instant.minus(lag).toString();
    }
    try {
      return new BigDecimal(value)
          .subtract(BigDecimal.valueOf(lag.toMillis()).movePointLeft(3))
          .stripTrailingZeros()
          .toPlainString();
    } catch (NumberFormatException e) {
      return value;
    }
  }
}
