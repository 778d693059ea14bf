package io.flowloader.normalize;

/**
 * Something the normalizer did to keep a load going that a user should know about
 * (docs/dlt-compatibility.md, "Where the service goes beyond dlt"), counted per kind, table and
 * column over one load. The pipeline logs these with the load id and turns the counts into metrics.
 *
 * @param column the column concerned, or {@code null} when the warning is about whole rows
 * @param count how often it happened in this load
 */
public record NormalizeWarning(Kind kind, String table, String column, long count) {

  /** What happened. */
  public enum Kind {
    /**
     * An integer beyond int64 went to a {@code numeric} column or a {@code __v_decimal} variant.
     */
    HUGE_INTEGER,
    /** A string {@code NaN}/{@code Infinity}/{@code -Infinity} was stored in a double column. */
    NON_FINITE_DOUBLE,
    /** A JSON number beyond the double range was stored as NULL (as dlt does). */
    DOUBLE_OUT_OF_RANGE,
    /** U+0000 or a lone UTF-16 surrogate in a string (or key) was replaced by U+FFFD. */
    INVALID_CHARACTER_REPLACED,
    /** A key made only of underscores was named {@code _empty} (dlt fails on it). */
    UNDERSCORE_KEY_RENAMED,
    /** Two keys of one object normalized to the same column; the later value won (as in dlt). */
    COLUMN_COLLISION,
    /** Two lists of one object normalized to the same child table; the later list won. */
    LIST_COLLISION,
    /** A source key {@code _dlt_load_id} was overwritten by the load id. */
    LOAD_ID_OVERWRITTEN,
    /** A source key {@code _dlt_id} was used as the row key. */
    SOURCE_ROW_ID,
    /** The schema contract discarded rows. */
    ROW_DISCARDED,
    /** The schema contract discarded values. */
    VALUE_DISCARDED
  }
}
