package io.flowloader.support.golden;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads the tables of one PostgreSQL schema into {@link ActualTable}s for {@link GoldenComparator}:
 * columns in ordinal order with {@code format_type} spelling and nullability, and all rows
 * (timestamps as {@link OffsetDateTime}, jsonb as text).
 *
 * <p>PostgreSQL does not know dlt's parent tables; pass them in (from the normalizer's {@code
 * Schema}: {@code schema.tables().values()} → name → {@code parent()}).
 */
public final class PostgresSnapshot {

  private PostgresSnapshot() {}

  /**
   * @param dbSchema the dataset's PostgreSQL schema
   * @param parents table → parent table (absent or null for root tables)
   * @param include which tables to read, e.g. {@code name -> !name.startsWith("_dlt_")}
   */
  public static Map<String, ActualTable> read(
      Connection connection,
      String dbSchema,
      Map<String, String> parents,
      Predicate<String> include)
      throws SQLException {
    Map<String, List<ExpectedTable.Column>> columns = new LinkedHashMap<>();
    String sql =
        """
        SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY c.relname, a.attnum
        """;
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, dbSchema);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String table = rs.getString(1);
          if (include.test(table)) {
            columns
                .computeIfAbsent(table, k -> new ArrayList<>())
                .add(new ExpectedTable.Column(rs.getString(2), rs.getString(3), rs.getBoolean(4)));
          }
        }
      }
    }
    Map<String, ActualTable> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<ExpectedTable.Column>> e : columns.entrySet()) {
      out.put(
          e.getKey(),
          new ActualTable(
              e.getKey(),
              parents.get(e.getKey()),
              List.copyOf(e.getValue()),
              rows(connection, dbSchema, e.getKey(), e.getValue())));
    }
    return out;
  }

  private static List<Map<String, Object>> rows(
      Connection connection, String dbSchema, String table, List<ExpectedTable.Column> columns)
      throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    String sql = "SELECT * FROM " + quote(dbSchema) + "." + quote(table);
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          String type = columns.get(i - 1).type();
          Object value;
          if (type.startsWith("timestamp")) {
            value = rs.getObject(i, OffsetDateTime.class);
          } else if (type.startsWith("json")) {
            value = rs.getString(i);
          } else {
            value = rs.getObject(i);
          }
          row.put(meta.getColumnName(i), value);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
