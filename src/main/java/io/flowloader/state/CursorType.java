package io.flowloader.state;

import java.util.Locale;

/**
 * The type of a cursor value, so that values compare correctly (numbers and instants, not text).
 */
public enum CursorType {
  TEXT,
  BIGINT,
  DOUBLE,
  DECIMAL,
  TIMESTAMP,
  BOOL;

  String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  static CursorType fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
