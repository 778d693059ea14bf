package io.flowloader.load;

import io.flowloader.normalize.Column;
import io.flowloader.normalize.TableSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * DDL text exactly as dlt sends it for PostgreSQL (docs/dlt-compatibility.md, "DDL" and "System
 * tables"): quoted identifiers, {@code NOT NULL} only where the column says so, {@code UNIQUE}
 * inline on {@code _dlt_id} (so PostgreSQL names the constraint {@code <table>__dlt_id_key}, as for
 * dlt), no other constraint or index.
 */
final class Ddl {

  static final String SEQ = "#seq";

  /** Names of staging indexes that prove a merge key was staged once ({@link #createKeyIndex}). */
  static final String KEY_INDEX_PREFIX = "#key";

  private Ddl() {}

  static String createTable(String schema, TableSchema table) {
    return createTable(schema, table, true);
  }

  /**
   * {@link #createTable} without the {@code UNIQUE} constraints, for a table that is filled in the
   * same transaction: {@link #addUniqueConstraints} then builds each index once, sorted, instead of
   * inserting every row into a B-tree of random keys (measured in bench/README.md).
   */
  static String createTableDeferringUnique(String schema, TableSchema table) {
    return createTable(schema, table, false);
  }

  private static String createTable(String schema, TableSchema table, boolean inlineUnique) {
    return "CREATE TABLE "
        + Sql.table(schema, table.name())
        + " (\n"
        + table.columns().stream()
            .map(c -> columnDefinition(c, inlineUnique))
            .collect(Collectors.joining(",\n"))
        + ")";
  }

  /**
   * The constraints {@link #createTableDeferringUnique} left out. Unnamed, so PostgreSQL picks the
   * same names as for an inline {@code UNIQUE} ({@code <table>_<column>_key}, truncated alike).
   * Only when two truncated names clash can the numbering differ from creating them inline.
   */
  static List<String> addUniqueConstraints(String schema, TableSchema table) {
    return table.columns().stream()
        .filter(Column::unique)
        .map(c -> addUniqueConstraint(schema, table.name(), c.name()))
        .toList();
  }

  static String addUniqueConstraint(String schema, String table, String column) {
    return "ALTER TABLE " + Sql.table(schema, table) + " ADD UNIQUE (" + Sql.quote(column) + ")";
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
    return columnDefinition(c, true);
  }

  private static String columnDefinition(Column c, boolean inlineUnique) {
    return Sql.quote(c.name())
        + " "
        + c.postgresType()
        + " "
        + (c.unique() && inlineUnique ? "UNIQUE" : "")
        + " "
        + (c.nullable() ? "" : "NOT NULL");
  }

  /**
   * A staging table: the package's private copy of a dataset table, without constraints, ending in
   * {@value #SEQ}, the order in which rows were staged (so "the last staged row" is well defined).
   * The name {@code #seq} cannot come out of the naming convention, so it never clashes.
   *
   * <p>{@code logged} when the dataset has no such table yet: the commit then adopts the staging
   * table as the dataset table instead of copying its rows ({@link #adoptStagingTable}). Otherwise
   * UNLOGGED: the commit writes the rows once more, so logging them twice would only double the
   * WAL. A PostgreSQL crash empties unlogged tables; the commit compares every staging table with
   * the row counts recorded in the package's jobs, fails such a package, and the next load
   * re-extracts from the cursors, which only a commit advances.
   */
  static String createStagingTable(String stagingSchema, TableSchema table, boolean logged) {
    StringBuilder sql = new StringBuilder(logged ? "CREATE TABLE " : "CREATE UNLOGGED TABLE ");
    sql.append(Sql.table(stagingSchema, table.name())).append(" (\n");
    for (Column c : table.columns()) {
      sql.append(Sql.quote(c.name())).append(' ').append(c.postgresType()).append(",\n");
    }
    return sql.append(Sql.quote(SEQ)).append(" bigint NOT NULL)").toString();
  }

  /**
   * Turns a staging table made by {@link #createStagingTable} (logged, {@value #SEQ} last) into the
   * dataset table {@link #createTableDeferringUnique} would have made: the same visible columns in
   * the same order, {@code NOT NULL} where the column says so (checked against the staged rows), in
   * the dataset's schema. {@value #SEQ} is dropped, which PostgreSQL does without rewriting the
   * table: the column stays, invisible, in the rows already written (8 bytes each, until a rewrite
   * such as VACUUM FULL) and keeps its number, which {@code information_schema.columns} then skips
   * in {@code ordinal_position}. It was created last, so only columns that the load added after the
   * table's first row ({@link #addStagingColumns}) come after the gap; names and order, all that
   * dlt and SQL see, are those of CREATE TABLE.
   */
  static List<String> adoptStagingTable(String stagingSchema, String schema, TableSchema table) {
    StringBuilder alter = new StringBuilder("ALTER TABLE ");
    alter
        .append(Sql.table(stagingSchema, table.name()))
        .append(" DROP COLUMN ")
        .append(Sql.quote(SEQ));
    for (Column c : table.columns()) {
      if (!c.nullable()) {
        alter.append(", ALTER COLUMN ").append(Sql.quote(c.name())).append(" SET NOT NULL");
      }
    }
    return List.of(
        alter.toString(),
        "ALTER TABLE "
            + Sql.table(stagingSchema, table.name())
            + " SET SCHEMA "
            + Sql.quote(schema));
  }

  /**
   * What the commit of an adopted staging table would otherwise do itself, done when staging ends
   * (on the table's own sender, so a load's tables get theirs in parallel, off the commit): {@code
   * NOT NULL} where the column says so, and the {@code UNIQUE} constraints, named by PostgreSQL as
   * {@link #addUniqueConstraints} would have them named. Null when there is nothing to add. The
   * commit keeps a constraint made here only under its expected name ({@link
   * #uniqueConstraintName}); a failure here (a NULL, a duplicate) just leaves it to the commit,
   * which then fails as it would have.
   */
  static String prepareAdoption(String stagingSchema, TableSchema table) {
    List<String> clauses = new ArrayList<>();
    for (Column c : table.columns()) {
      if (!c.nullable()) {
        clauses.add("ALTER COLUMN " + Sql.quote(c.name()) + " SET NOT NULL");
      }
    }
    for (Column c : table.columns()) {
      if (c.unique()) {
        clauses.add("ADD UNIQUE (" + Sql.quote(c.name()) + ")");
      }
    }
    if (clauses.isEmpty()) {
      return null;
    }
    return "ALTER TABLE "
        + Sql.table(stagingSchema, table.name())
        + " "
        + String.join(", ", clauses);
  }

  /**
   * The name PostgreSQL gives {@code ADD UNIQUE (column)} of {@code table} when nothing in the
   * schema has it yet ({@code <table>_<column>_key}); null when that name would be truncated (then
   * the commit always adds the constraint itself).
   */
  static String uniqueConstraintName(String table, String column) {
    String name = table + "_" + column + "_key";
    return name.getBytes(StandardCharsets.UTF_8).length <= 63 ? name : null;
  }

  /**
   * A unique index on a merge root's staged key columns: if it can be built, no key was staged
   * twice, and the commit need not group the staged roots by key to find out. Only for key columns
   * that are {@code NOT NULL} (a unique index lets NULLs repeat; grouping does not).
   */
  static String createKeyIndex(String stagingSchema, String table, List<String> keyColumns) {
    return "CREATE UNIQUE INDEX "
        + Sql.quote(KEY_INDEX_PREFIX + " " + table)
        + " ON "
        + Sql.table(stagingSchema, table)
        + " ("
        + Sql.columnList(keyColumns)
        + ")";
  }

  static String addStagingColumns(String stagingSchema, String table, List<Column> columns) {
    return "ALTER TABLE "
        + Sql.table(stagingSchema, table)
        + "\n"
        + columns.stream()
            .map(c -> "ADD COLUMN " + Sql.quote(c.name()) + " " + c.postgresType())
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
