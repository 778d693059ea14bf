package io.flowloader.load;

import io.flowloader.normalize.Column;
import io.flowloader.normalize.TableSchema;
import java.util.List;
import java.util.stream.Collectors;

/**
 * DDL text exactly as dlt sends it for PostgreSQL (dlt-compat.md §3.9, §5.1): quoted identifiers,
 * {@code NOT NULL} only where the column says so, {@code UNIQUE} inline on {@code _dlt_id} (so
 * PostgreSQL names the constraint {@code <table>__dlt_id_key}, as for dlt), no other constraint or
 * index.
 */
final class Ddl {

  static final String SEQ = "#seq";

  private Ddl() {}

  static String createTable(String schema, TableSchema table) {
    return "CREATE TABLE "
        + Sql.table(schema, table.name())
        + " (\n"
        + table.columns().stream().map(Ddl::columnDefinition).collect(Collectors.joining(",\n"))
        + ")";
  }

  static String addColumns(String schema, String table, List<Column> columns) {
    return "ALTER TABLE "
        + Sql.table(schema, table)
        + "\n"
        + columns.stream()
            .map(c -> "ADD COLUMN " + columnDefinition(c))
            .collect(Collectors.joining(",\n"));
  }

  /** dlt's spelling: name, type, hints, nullability, separated by single spaces. */
  static String columnDefinition(Column c) {
    return Sql.quote(c.name())
        + " "
        + c.type().postgresType()
        + " "
        + (c.unique() ? "UNIQUE" : "")
        + " "
        + (c.nullable() ? "" : "NOT NULL");
  }

  /**
   * A staging table: the package's private copy of a dataset table, without constraints, led by
   * {@value #SEQ}, the order in which rows were staged (so "the last staged row" is well defined).
   * The name {@code #seq} cannot come out of the naming convention, so it never clashes.
   */
  static String createStagingTable(String stagingSchema, TableSchema table) {
    StringBuilder sql = new StringBuilder("CREATE TABLE ");
    sql.append(Sql.table(stagingSchema, table.name())).append(" (\n");
    sql.append(Sql.quote(SEQ)).append(" bigint NOT NULL");
    for (Column c : table.columns()) {
      sql.append(",\n").append(Sql.quote(c.name())).append(' ').append(c.type().postgresType());
    }
    return sql.append(')').toString();
  }

  static String addStagingColumns(String stagingSchema, String table, List<Column> columns) {
    return "ALTER TABLE "
        + Sql.table(stagingSchema, table)
        + "\n"
        + columns.stream()
            .map(c -> "ADD COLUMN " + Sql.quote(c.name()) + " " + c.type().postgresType())
            .collect(Collectors.joining(",\n"));
  }

  static List<String> createSystemTables(String schema) {
    return List.of(
        "CREATE TABLE IF NOT EXISTS "
            + Sql.table(schema, "_dlt_loads")
            + " (\n"
            + "\"load_id\" varchar(64)  NOT NULL,\n"
            + "\"schema_name\" varchar  ,\n"
            + "\"status\" bigint  NOT NULL,\n"
            + "\"inserted_at\" timestamp with time zone  NOT NULL,\n"
            + "\"schema_version_hash\" varchar  )",
        "CREATE TABLE IF NOT EXISTS "
            + Sql.table(schema, "_dlt_version")
            + " (\n"
            + "\"version\" bigint  NOT NULL,\n"
            + "\"engine_version\" bigint  NOT NULL,\n"
            + "\"inserted_at\" timestamp with time zone  NOT NULL,\n"
            + "\"schema_name\" varchar  NOT NULL,\n"
            + "\"version_hash\" varchar  NOT NULL,\n"
            + "\"schema\" varchar  NOT NULL)",
        "CREATE TABLE IF NOT EXISTS "
            + Sql.table(schema, "_dlt_pipeline_state")
            + " (\n"
            + "\"version\" bigint  NOT NULL,\n"
            + "\"engine_version\" bigint  NOT NULL,\n"
            + "\"pipeline_name\" varchar  NOT NULL,\n"
            + "\"state\" varchar  NOT NULL,\n"
            + "\"created_at\" timestamp with time zone  NOT NULL,\n"
            + "\"version_hash\" varchar  ,\n"
            + "\"_dlt_load_id\" varchar(64)  NOT NULL,\n"
            + "\"_dlt_id\" varchar UNIQUE NOT NULL)");
  }
}
