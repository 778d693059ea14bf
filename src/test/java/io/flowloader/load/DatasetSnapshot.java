package io.flowloader.load;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a dataset schema looks like in PostgreSQL, read the way the dlt golden vectors were dumped:
 * columns from {@code information_schema} / {@code format_type}, constraints, indexes, and rows in
 * physical order (timestamps as {@link OffsetDateTime}, numerics as {@link java.math.BigDecimal}).
 */
record DatasetSnapshot(Map<String, Table> tables) {

  record Col(String name, String type, String dataType, Integer maxLength, boolean nullable) {}

  record Constraint(String name, String type, String definition) {}

  record Index(String name, String definition) {}

  record Table(
      List<Col> columns,
      List<Constraint> constraints,
      List<Index> indexes,
      List<Map<String, Object>> rows) {}

  static DatasetSnapshot read(JdbcTemplate jdbc, String schema) {
    Map<String, Table> tables = new LinkedHashMap<>();
    List<String> names =
        jdbc.queryForList(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                + " AND table_type = 'BASE TABLE' ORDER BY table_name",
            String.class,
            schema);
    for (String name : names) {
      List<Col> columns =
          jdbc.query(
              "SELECT c.column_name, format_type(a.atttypid, a.atttypmod), c.data_type,"
                  + " c.character_maximum_length, c.is_nullable = 'YES'"
                  + " FROM information_schema.columns c"
                  + " JOIN pg_attribute a ON a.attrelid = (quote_ident(c.table_schema) || '.'"
                  + " || quote_ident(c.table_name))::regclass AND a.attname = c.column_name"
                  + " WHERE c.table_schema = ? AND c.table_name = ? ORDER BY c.ordinal_position",
              (rs, i) ->
                  new Col(
                      rs.getString(1),
                      rs.getString(2),
                      rs.getString(3),
                      (Integer) rs.getObject(4),
                      rs.getBoolean(5)),
              schema,
              name);
      List<Constraint> constraints =
          jdbc.query(
              "SELECT con.conname, CASE con.contype WHEN 'u' THEN 'UNIQUE' WHEN 'p' THEN"
                  + " 'PRIMARY KEY' WHEN 'f' THEN 'FOREIGN KEY' WHEN 'c' THEN 'CHECK' ELSE"
                  + " con.contype::text END, pg_get_constraintdef(con.oid)"
                  + " FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid"
                  + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                  + " WHERE n.nspname = ? AND c.relname = ? AND con.contype <> 'n'"
                  + " ORDER BY con.conname",
              (rs, i) -> new Constraint(rs.getString(1), rs.getString(2), rs.getString(3)),
              schema,
              name);
      List<Index> indexes =
          jdbc.query(
              "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = ? AND tablename = ?"
                  + " ORDER BY indexname",
              (rs, i) ->
                  new Index(
                      rs.getString(1), rs.getString(2).replace(quoteIfNeeded(schema), "<schema>")),
              schema,
              name);
      List<Map<String, Object>> rows = new ArrayList<>();
      jdbc.query(
          "SELECT * FROM " + Sql.table(schema, name) + " ORDER BY ctid",
          (ResultSet rs) -> {
            rows.add(row(rs));
          });
      tables.put(name, new Table(columns, constraints, indexes, rows));
    }
    return new DatasetSnapshot(tables);
  }

  private static String quoteIfNeeded(String schema) {
    return schema.matches("[a-z_][a-z0-9_]*") ? schema : Sql.quote(schema);
  }

  private static Map<String, Object> row(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      Object value;
      if ("timestamptz".equals(md.getColumnTypeName(i))) {
        value = rs.getObject(i, OffsetDateTime.class);
      } else if ("jsonb".equals(md.getColumnTypeName(i))) {
        value = rs.getString(i);
      } else {
        value = rs.getObject(i);
      }
      row.put(md.getColumnName(i), value);
    }
    return row;
  }
}
