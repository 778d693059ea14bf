package io.flowloader.normalize;

import java.util.List;
import java.util.Optional;

/**
 * One dataset table: its columns in their fixed order (columns are only ever appended, never
 * reordered, renamed, dropped or retyped) and its place in the table tree.
 *
 * @param parent the parent table's name, or {@code null} for a root table
 * @param resource the resource whose records produce this table (root and children alike)
 * @param disposition the root's write disposition; children inherit their root's
 * @param scd2 the scd2 options of a root table with disposition {@link WriteDisposition#SCD2}, else
 *     null
 */
public record TableSchema(
    String name,
    String parent,
    String resource,
    WriteDisposition disposition,
    List<Column> columns,
    Scd2 scd2) {

  public TableSchema(
      String name,
      String parent,
      String resource,
      WriteDisposition disposition,
      List<Column> columns) {
    this(name, parent, resource, disposition, columns, null);
  }

  public TableSchema {
    columns = List.copyOf(columns);
  }

  public boolean isRoot() {
    return parent == null;
  }

  public Optional<Column> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }

  public int indexOf(String columnName) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(columnName)) {
        return i;
      }
    }
    return -1;
  }
}
