package io.flowloader.ui;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a tenant's dataset for the inspector: its tables and columns from PostgreSQL's catalog, the
 * stored schema versions ({@code _dlt_version}) and pages of rows. Table and column names come only
 * from the catalog and are quoted, so a name in a URL can select a table but never inject SQL;
 * every read runs read-only with a statement timeout.
 */
@Service
class DatasetBrowser {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JdbcTemplate jdbc;
  private final TransactionTemplate readOnly;
  private final UiProperties properties;

  DatasetBrowser(JdbcTemplate jdbc, TransactionTemplate transactions, UiProperties properties) {
    this.jdbc = jdbc;
    this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
    this.readOnly.setReadOnly(true);
    this.properties = properties;
  }

  /** One column as the catalog has it, with the hints of the stored schema where it has them. */
  record ColumnInfo(String name, String type, boolean nullable, List<String> hints) {}

  /** A table of the dataset with its child tables (dlt's nested tables). */
  record TableNode(
      String name,
      String parent,
      String resource,
      String disposition,
      List<ColumnInfo> columns,
      List<TableNode> children) {

    public boolean system() {
      return name.startsWith("_dlt_");
    }
  }

  /** One {@code _dlt_version} row. */
  record SchemaVersion(long version, String hash, Instant insertedAt, String schemaName) {

    public String stored() {
      return Views.time(insertedAt);
    }
  }

  /** One page of a table's rows, values as text (null stays null). */
  record RowPage(List<String> columns, List<List<String>> rows, int offset, boolean more) {}

  /** Tables of the dataset as the parent → child tree, system tables last. */
  List<TableNode> tree(String dataset) {
    Map<String, List<ColumnInfo>> catalog = catalog(dataset);
    JsonNode schema = newestSchema(dataset).map(v -> v.get("tables")).orElse(null);
    Map<String, List<String>> children = new LinkedHashMap<>();
    List<String> roots = new ArrayList<>();
    for (String table : catalog.keySet()) {
      String parent = schema == null ? null : textOrNull(schema.path(table).get("parent"));
      if (parent != null && catalog.containsKey(parent)) {
        children.computeIfAbsent(parent, k -> new ArrayList<>()).add(table);
      } else {
        roots.add(table);
      }
    }
    roots.sort((a, b) -> Boolean.compare(a.startsWith("_dlt_"), b.startsWith("_dlt_")));
    List<TableNode> tree = new ArrayList<>();
    for (String root : roots) {
      tree.add(node(root, catalog, schema, children));
    }
    return tree;
  }

  private TableNode node(
      String table,
      Map<String, List<ColumnInfo>> catalog,
      JsonNode schema,
      Map<String, List<String>> children) {
    JsonNode t = schema == null ? null : schema.get(table);
    List<ColumnInfo> columns = new ArrayList<>();
    for (ColumnInfo c : catalog.get(table)) {
      columns.add(
          new ColumnInfo(
              c.name(),
              c.type(),
              c.nullable(),
              hints(t == null ? null : t.path("columns").get(c.name()))));
    }
    List<TableNode> kids = new ArrayList<>();
    for (String child : children.getOrDefault(table, List.of())) {
      kids.add(node(child, catalog, schema, children));
    }
    return new TableNode(
        table,
        t == null ? null : textOrNull(t.get("parent")),
        t == null ? null : textOrNull(t.get("resource")),
        t == null ? null : textOrNull(t.get("write_disposition")),
        columns,
        kids);
  }

  private static List<String> hints(JsonNode column) {
    List<String> hints = new ArrayList<>();
    if (column == null) {
      return hints;
    }
    for (String hint :
        List.of("primary_key", "unique", "row_key", "parent_key", "root_key", "merge_key")) {
      if (column.path(hint).asBoolean(false)) {
        hints.add(hint);
      }
    }
    if (column.hasNonNull("data_type")) {
      hints.add(0, "dlt: " + column.get("data_type").asString());
    }
    return hints;
  }

  /** Whether the dataset has this table (the only way a name from a request reaches SQL). */
  boolean hasTable(String dataset, String table) {
    return catalog(dataset).containsKey(table);
  }

  /** The stored schema versions, newest first. */
  List<SchemaVersion> versions(String dataset) {
    if (!hasTable(dataset, "_dlt_version")) {
      return List.of();
    }
    return jdbc.query(
        "SELECT version, version_hash, inserted_at, schema_name FROM "
            + quote(dataset)
            + "._dlt_version ORDER BY version DESC, inserted_at DESC",
        (rs, i) ->
            new SchemaVersion(rs.getLong(1), rs.getString(2), instant(rs, 3), rs.getString(4)));
  }

  /** The schema document of one stored version. */
  Optional<JsonNode> schema(String dataset, long version) {
    if (!hasTable(dataset, "_dlt_version")) {
      return Optional.empty();
    }
    return jdbc
        .query(
            "SELECT schema FROM "
                + quote(dataset)
                + "._dlt_version WHERE version = ? ORDER BY inserted_at DESC LIMIT 1",
            (rs, i) -> rs.getString(1),
            version)
        .stream()
        .findFirst()
        .map(JSON::readTree);
  }

  private Optional<JsonNode> newestSchema(String dataset) {
    List<SchemaVersion> versions = versions(dataset);
    return versions.isEmpty() ? Optional.empty() : schema(dataset, versions.get(0).version());
  }

  /**
   * A page of {@code table}'s rows in physical order, or only those of one load: rows of a root
   * table by {@code _dlt_load_id}, rows of a nested table through its parents' ids.
   */
  RowPage rows(String dataset, String table, String loadId, int offset) {
    Map<String, List<ColumnInfo>> catalog = catalog(dataset);
    if (!catalog.containsKey(table)) {
      throw new IllegalArgumentException("no table " + table + " in " + dataset);
    }
    int limit = properties.rowsPerPage();
    List<Object> args = new ArrayList<>();
    String where = "";
    if (loadId != null) {
      Map<String, String> parents = parents(dataset);
      where = " WHERE " + ofLoad(dataset, table, catalog, parents, args, loadId, 0);
    }
    args.add(limit + 1);
    args.add(offset);
    String sql =
        "SELECT * FROM " + quote(dataset) + "." + quote(table) + where + " LIMIT ? OFFSET ?";
    return readOnly.execute(
        status -> {
          jdbc.execute("SET LOCAL statement_timeout = " + properties.statementTimeout().toMillis());
          return jdbc.query(
              sql,
              rs -> {
                return page(rs, offset, limit);
              },
              args.toArray());
        });
  }

  private static String ofLoad(
      String dataset,
      String table,
      Map<String, List<ColumnInfo>> catalog,
      Map<String, String> parents,
      List<Object> args,
      String loadId,
      int depth) {
    List<ColumnInfo> columns = catalog.getOrDefault(table, List.of());
    if (has(columns, "_dlt_load_id")) {
      args.add(loadId);
      return quote("_dlt_load_id") + " = ?";
    }
    String parent = parents.get(table);
    if (parent == null || depth > 32 || !has(columns, "_dlt_parent_id")) {
      return "FALSE";
    }
    return quote("_dlt_parent_id")
        + " IN (SELECT "
        + quote("_dlt_id")
        + " FROM "
        + quote(dataset)
        + "."
        + quote(parent)
        + " WHERE "
        + ofLoad(dataset, parent, catalog, parents, args, loadId, depth + 1)
        + ")";
  }

  private static boolean has(List<ColumnInfo> columns, String name) {
    return columns.stream().anyMatch(c -> c.name().equals(name));
  }

  private Map<String, String> parents(String dataset) {
    Map<String, String> parents = new LinkedHashMap<>();
    newestSchema(dataset)
        .ifPresent(
            s ->
                s.path("tables")
                    .properties()
                    .forEach(
                        e -> {
                          String parent = textOrNull(e.getValue().get("parent"));
                          if (parent != null) {
                            parents.put(e.getKey(), parent);
                          }
                        }));
    return parents;
  }

  private RowPage page(ResultSet rs, int offset, int limit) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    List<String> columns = new ArrayList<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      columns.add(meta.getColumnName(i));
    }
    List<List<String>> rows = new ArrayList<>();
    boolean more = false;
    while (rs.next()) {
      if (rows.size() == limit) {
        more = true;
        break;
      }
      List<String> row = new ArrayList<>(columns.size());
      for (int i = 1; i <= columns.size(); i++) {
        row.add(rs.getString(i));
      }
      rows.add(row);
    }
    return new RowPage(columns, rows, offset, more);
  }

  private Map<String, List<ColumnInfo>> catalog(String dataset) {
    Map<String, List<ColumnInfo>> tables = new LinkedHashMap<>();
    jdbc.query(
        "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " JOIN pg_attribute a ON a.attrelid = c.oid"
            + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND a.attnum > 0"
            + " AND NOT a.attisdropped ORDER BY c.relname, a.attnum",
        rs -> {
          tables
              .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(new ColumnInfo(rs.getString(2), rs.getString(3), rs.getBoolean(4), List.of()));
        },
        dataset);
    return tables;
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static String textOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : node.asString();
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
    return at == null ? null : at.toInstant();
  }
}
