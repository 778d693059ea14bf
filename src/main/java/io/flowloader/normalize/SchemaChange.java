package io.flowloader.normalize;

/**
 * One change a load makes to the schema, for the load package's record of schema changes.
 *
 * @param kind a new table or a new column
 * @param table the table's name
 * @param parent for {@link Kind#NEW_TABLE}: the parent table, {@code null} for a root table
 * @param column for {@link Kind#NEW_COLUMN}: the column's name, else {@code null}
 * @param type for {@link Kind#NEW_COLUMN}: the column's type, else {@code null}
 */
public record SchemaChange(Kind kind, String table, String parent, String column, DataType type) {

  /** What changed. */
  public enum Kind {
    NEW_TABLE,
    NEW_COLUMN
  }

  static SchemaChange newTable(String table, String parent) {
    return new SchemaChange(Kind.NEW_TABLE, table, parent, null, null);
  }

  static SchemaChange newColumn(String table, String column, DataType type) {
    return new SchemaChange(Kind.NEW_COLUMN, table, null, column, type);
  }
}
