package io.flowloader.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/** What PostgreSQL's catalog says about the tables of one schema. */
final class DatasetCatalog {

  /** One column as the catalog has it; {@code type} is {@code format_type} (e.g. "bigint"). */
  record CatalogColumn(String name, String type, boolean nullable) {}

  private DatasetCatalog() {}

  /** Tables of {@code schema} with their columns in ordinal order. */
  static Map<String, List<CatalogColumn>> tables(JdbcTemplate jdbc, String schema) {
    Map<String, List<CatalogColumn>> tables = new LinkedHashMap<>();
    jdbc.query(
        "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " JOIN pg_attribute a ON a.attrelid = c.oid"
            + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND a.attnum > 0"
            + " AND NOT a.attisdropped ORDER BY c.relname, a.attnum",
        rs -> {
          tables
              .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(new CatalogColumn(rs.getString(2), rs.getString(3), rs.getBoolean(4)));
        },
        schema);
    return tables;
  }

  /**
   * One index as the catalog has it: plain column keys only (no expression or partial indexes are
   * listed); {@code constraint} is the name of the UNIQUE constraint it backs, or null.
   */
  record CatalogIndex(String name, List<String> columns, boolean unique, String constraint) {}

  /** The valid indexes on plain columns of the tables of {@code schema}, per table. */
  static Map<String, List<CatalogIndex>> indexes(JdbcTemplate jdbc, String schema) {
    Map<String, List<CatalogIndex>> indexes = new LinkedHashMap<>();
    jdbc.query(
        "SELECT t.relname, i.relname, x.indisunique, con.conname,"
            + " array(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(attnum, ord)"
            + " JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum"
            + " ORDER BY k.ord)"
            + " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
            + " JOIN pg_class t ON t.oid = x.indrelid"
            + " JOIN pg_namespace n ON n.oid = t.relnamespace"
            + " LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.contype = 'u'"
            + " WHERE n.nspname = ? AND x.indisvalid AND x.indexprs IS NULL AND x.indpred IS NULL"
            + " ORDER BY t.relname, i.relname",
        rs -> {
          indexes
              .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(
                  new CatalogIndex(
                      rs.getString(2),
                      List.of((String[]) rs.getArray(5).getArray()),
                      rs.getBoolean(3),
                      rs.getString(4)));
        },
        schema);
    return indexes;
  }

  /** Names of the relations (tables, indexes, ...) and constraints of {@code schema}. */
  static Set<String> relationAndConstraintNames(JdbcTemplate jdbc, String schema) {
    return Set.copyOf(
        jdbc.queryForList(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ?"
                + " UNION SELECT con.conname FROM pg_constraint con"
                + " JOIN pg_namespace n ON n.oid = con.connamespace WHERE n.nspname = ?",
            String.class,
            schema,
            schema));
  }

  /** Names of the tables of {@code schema} (none when it does not exist). */
  static Set<String> tableNames(JdbcTemplate jdbc, String schema) {
    return tableNames(jdbc, schema, "c.relkind IN ('r', 'p')");
  }

  /** Names of the tables of {@code schema} whose changes are WAL-logged (not UNLOGGED/TEMP). */
  static Set<String> loggedTableNames(JdbcTemplate jdbc, String schema) {
    return tableNames(jdbc, schema, "c.relkind = 'r' AND c.relpersistence = 'p'");
  }

  private static Set<String> tableNames(JdbcTemplate jdbc, String schema, String condition) {
    return Set.copyOf(
        jdbc.queryForList(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND "
                + condition,
            String.class,
            schema));
  }

  static boolean schemaExists(JdbcTemplate jdbc, String schema) {
    Boolean exists =
        jdbc.queryForObject(
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)", Boolean.class, schema);
    return Boolean.TRUE.equals(exists);
  }
}
