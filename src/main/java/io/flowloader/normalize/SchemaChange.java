package io.flowloader.normalize;

/**
 * One change a load makes to the schema, for the load package's record of schema changes.
 *
 * @param kind a new table, a new column, or a root table whose write disposition changed
 * @param table the table's name
 * @param parent for {@link Kind#NEW_TABLE}: the parent table, {@code null} for a root table
 * @param column for {@link Kind#NEW_COLUMN}: the column's name, else {@code null}
 * @param type for {@link Kind#NEW_COLUMN}: the column's type, else {@code null}
 * @param disposition for {@link Kind#DISPOSITION_CHANGED}: the new disposition of the root and its
 *     children, else {@code null}
 */
public record SchemaChange(
    Kind kind,
    String table,
    String parent,
    String column,
    DataType type,
    WriteDisposition disposition) {

  /** What changed. */
  public enum Kind {
    NEW_TABLE,
    NEW_COLUMN,
    /** The resource's write disposition setting differs from the stored one (dlt follows it). */
    DISPOSITION_CHANGED
  }

  static SchemaChange newTable(String table, String parent) {
    return new SchemaChange(Kind.NEW_TABLE, table, parent, null, null, null);
  }

  static SchemaChange newColumn(String table, String column, DataType type) {
    return new SchemaChange(Kind.NEW_COLUMN, table, null, column, type, null);
  }

  static SchemaChange dispositionChanged(String table, WriteDisposition disposition) {
    return new SchemaChange(Kind.DISPOSITION_CHANGED, table, null, null, null, disposition);
  }
}
