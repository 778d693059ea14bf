package io.flowloader.normalize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Per resource: its settings, key columns, column hints per table and the naming cache of its root.
 */
final class ResourceState {
  final String resource;
  final ResourceSettings settings;
  final TableNames rootNames;
  final String[] primaryKey;
  final String[] sortedPrimaryKey;

  /** Column hints per table name: the root's and those of nested tables. */
  final Map<String, TableHints> hintsByTable = new HashMap<>();

  final Scd2 scd2;
  long records;

  ResourceState(String resource, ResourceSettings settings) {
    this.resource = resource;
    this.settings = settings;
    String root =
        NamingConvention.tableName(settings.tableName() == null ? resource : settings.tableName());
    this.rootNames = new TableNames(root, null, List.of(root));
    LinkedHashSet<String> keys = new LinkedHashSet<>();
    settings.primaryKey().forEach(k -> keys.add(columnOf(k)));
    TableHints rootHints = new TableHints(resource, root, settings.columns());
    Map<String, ColumnHint> hints = rootHints.columns;
    for (ColumnHint h : settings.columns()) {
      if (h.primaryKey()) {
        keys.add(columnOf(h.column()));
      }
    }
    Scd2 s = settings.scd2();
    if (s != null) {
      // dlt's scd2 hints follow the resource's own column hints: the two validity columns
      // (complete, nullable timestamps) and the row version column (not null)
      s =
          new Scd2(
              columnOf(s.validFrom()),
              columnOf(s.validTo()),
              s.activeRecord(),
              s.boundary(),
              s.rowVersion() == null ? null : columnOf(s.rowVersion()),
              s.mergeKey().stream().map(ResourceState::columnOf).toList());
      hints.put(s.validFrom(), new ColumnHint(s.validFrom(), DataType.TIMESTAMP, true, false));
      hints.put(s.validTo(), new ColumnHint(s.validTo(), DataType.TIMESTAMP, true, false));
      if (s.rowVersion() != null) {
        ColumnHint own = hints.get(s.rowVersion());
        hints.put(
            s.rowVersion(),
            new ColumnHint(
                s.rowVersion(),
                own == null ? null : own.type(),
                false,
                own != null && own.primaryKey(),
                own == null ? null : own.precision(),
                own == null ? null : own.scale(),
                own == null ? null : own.timezone()));
      }
    }
    this.scd2 = s;
    if (!hints.isEmpty()) {
      hintsByTable.put(root, rootHints);
    }
    settings
        .nestedColumns()
        .forEach(
            (path, columns) -> {
              String table = nestedTableName(root, path);
              hintsByTable.put(table, new TableHints(resource, table, columns));
            });
    this.primaryKey = keys.toArray(String[]::new);
    this.sortedPrimaryKey = primaryKey.clone();
    Arrays.sort(sortedPrimaryKey, Json.KEY_ORDER);
  }

  /** The column hints of a table of this resource, or null when it has none. */
  TableHints hintsFor(String table) {
    return hintsByTable.get(table);
  }

  /**
   * The name of the nested table at {@code path} (source field names below the root; a dotted piece
   * counts as several): each piece normalized, joined to the root's name as the flattener names
   * child tables.
   */
  static String nestedTableName(String root, List<String> path) {
    List<String> parts = new ArrayList<>();
    parts.add(root);
    for (String piece : path) {
      for (String p : piece.split("\\.")) {
        String name = NamingConvention.normalizePath(p);
        if (!name.isEmpty()) {
          parts.add(name);
        }
      }
    }
    return NamingConvention.join(parts);
  }

  /** A primary-key entry (column name or dotted source path) as a column name. */
  static String columnOf(String entry) {
    List<String> pieces = new ArrayList<>();
    for (String piece : entry.split("\\.")) {
      String name = NamingConvention.normalizePath(piece);
      if (!name.isEmpty()) {
        pieces.add(name);
      }
    }
    return NamingConvention.join(pieces);
  }

  boolean isPrimaryKey(String column) {
    for (String pk : primaryKey) {
      if (pk.equals(column)) {
        return true;
      }
    }
    return false;
  }
}
