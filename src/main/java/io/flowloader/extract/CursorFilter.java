package io.flowloader.extract;

import io.flowloader.source.JsonPath;
import tools.jackson.databind.JsonNode;

/**
 * The state-free part of {@link CursorTracker}'s filter: a record whose cursor value lies outside
 * {@code [start, end)} is dropped. Both bounds are fixed when the tracker is made, so this test
 * changes nothing and may run anywhere, in any order — on the thread that parses a page, before a
 * record's tree is even built ({@link RecordStreamParser}). The tracker applies the same test
 * first, then boundary dedup and maximum tracking (state, on the delivering thread). Immutable and
 * thread-safe.
 */
final class CursorFilter {

  private final JsonPath cursorPath;
  private final CursorTracker.Point start;
  private final CursorTracker.Point end;

  /** A filter for {@code cursorPath} with the given bounds (either may be null: unbounded). */
  CursorFilter(JsonPath cursorPath, String start, String end) {
    this.cursorPath = cursorPath;
    this.start = start == null ? null : CursorTracker.Point.of(start);
    this.end = end == null ? null : CursorTracker.Point.of(end);
    // Points make their text lazily; make it now, so threads sharing this filter only read.
    if (this.start != null) {
      this.start.text();
    }
    if (this.end != null) {
      this.end.text();
    }
  }

  JsonPath cursorPath() {
    return cursorPath;
  }

  /** True when there is a bound at all (without one nothing is ever dropped). */
  boolean bounded() {
    return start != null || end != null;
  }

  /** Whether a cursor value lies outside {@code [start, end)}. */
  boolean outside(CursorTracker.Point value) {
    return (start != null && value.compareTo(start) < 0)
        || (end != null && value.compareTo(end) >= 0);
  }

  /**
   * Whether a record whose cursor value has this text (as {@link JsonPath#selectText} gives it;
   * null when absent or JSON null) is dropped whatever the tracker's state.
   */
  boolean drops(String cursorText) {
    return cursorText != null && outside(CursorTracker.Point.of(cursorText));
  }

  /** {@link #drops(String)} for a record tree. */
  boolean drops(JsonNode record) {
    return drops(cursorPath.selectText(record));
  }
}
