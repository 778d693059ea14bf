package io.flowloader.load;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Identifier quoting. Every identifier in generated SQL goes through {@link #quote}; identifiers
 * come from the naming convention (or are fixed names of this package), values never appear in SQL
 * text — they travel as bind parameters or through COPY.
 */
final class Sql {

  private Sql() {}

  static String quote(String identifier) {
    if (identifier == null || identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not a valid identifier: " + identifier);
    }
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  static String table(String schema, String table) {
    return quote(schema) + "." + quote(table);
  }

  static String columnList(List<String> columns) {
    return columns.stream().map(Sql::quote).collect(Collectors.joining(", "));
  }

  static String prefixed(String alias, List<String> columns) {
    return columns.stream().map(c -> alias + "." + quote(c)).collect(Collectors.joining(", "));
  }
}
