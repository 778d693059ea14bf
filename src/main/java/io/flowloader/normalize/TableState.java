package io.flowloader.normalize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** A table as this load sees it: columns only grow. */
final class TableState {
  final String name;
  final String parent;
  final String resource;
  WriteDisposition disposition;
  Scd2 scd2;
  final boolean createdInLoad;
  final ArrayList<ColumnState> columns = new ArrayList<>();
  final HashMap<String, ColumnState> byName = new HashMap<>();
  final List<ColumnState> requiredData = new ArrayList<>();

  /** Rows made for this table in this load. */
  long rows;

  TableState(
      String name,
      String parent,
      String resource,
      WriteDisposition disposition,
      boolean createdInLoad) {
    this.name = name;
    this.parent = parent;
    this.resource = resource;
    this.disposition = disposition;
    this.createdInLoad = createdInLoad;
  }

  static TableState from(TableSchema schema) {
    TableState t =
        new TableState(
            schema.name(), schema.parent(), schema.resource(), schema.disposition(), false);
    t.scd2 = schema.scd2();
    for (Column c : schema.columns()) {
      t.add(
          new ColumnState(
              c.name(),
              t.columns.size(),
              c.type(),
              c.nullable(),
              c.unique(),
              c.primaryKey(),
              false,
              c.precision(),
              c.scale(),
              c.timezone()));
    }
    return t;
  }

  void add(ColumnState c) {
    columns.add(c);
    byName.put(c.name, c);
    if (!c.nullable && !filledHere(c.name)) {
      requiredData.add(c);
    }
  }

  /** Whether the normalizer itself fills this lineage column in every row of this table. */
  boolean filledHere(String column) {
    return switch (column) {
      case DltColumns.ID -> true;
      case DltColumns.LOAD_ID -> parent == null;
      case DltColumns.PARENT_ID, DltColumns.LIST_IDX -> parent != null;
      case DltColumns.ROOT_ID -> parent != null && disposition.carriesRootId();
      default -> false;
    };
  }

  TableSchema toSchema() {
    List<Column> out = new ArrayList<>(columns.size());
    for (ColumnState c : columns) {
      out.add(
          new Column(
              c.name,
              c.type,
              c.nullable,
              c.unique,
              c.primaryKey,
              c.precision,
              c.scale,
              c.timezone));
    }
    return new TableSchema(name, parent, resource, disposition, out, parent == null ? scd2 : null);
  }
}
