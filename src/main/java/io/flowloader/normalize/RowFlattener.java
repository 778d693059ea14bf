package io.flowloader.normalize;

import io.flowloader.normalize.NormalizeWarning.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns one record into rows the way dlt's relational normalizer does (docs/dlt-compatibility.md,
 * "Rows: walking one record" and "Lineage columns and row ids"): nested objects become {@code a__b}
 * columns, lists become child tables, every row gets its lineage columns and {@code _dlt_id}. Each
 * row goes to the {@link SchemaEvolver} as soon as it is built: the root first, then its children
 * depth first.
 */
final class RowFlattener {

  /** A list found in a row: the rows of child table {@code table}. */
  private record NestedList(TableNames table, JsonNode list) {}

  /** An object still to flatten into the current row, {@code level} nesting levels left. */
  private record Frame(JsonNode obj, PathNode node, int level) {}

  private final String loadId;
  private final SchemaEvolver evolver;
  private final Warnings warnings;
  private final NormalizeErrors errors;
  private final DltIds ids = new DltIds();
  private final RowBuffer row = new RowBuffer();
  private boolean deferChildIds;

  // the record being flattened
  private ResourceState rs;
  private Consumer<NormalizedRow> sink;

  RowFlattener(String loadId, SchemaEvolver evolver, Warnings warnings, NormalizeErrors errors) {
    this.loadId = loadId;
    this.evolver = evolver;
    this.warnings = warnings;
    this.errors = errors;
  }

  /** See {@link Normalizer#deferChildIds}. */
  void deferChildIds(boolean defer) {
    this.deferChildIds = defer;
  }

  /** Flattens {@code record} (an object) of resource {@code rs} into rows for {@code sink}. */
  void flatten(ResourceState rs, JsonNode record, Consumer<NormalizedRow> sink) {
    this.rs = rs;
    this.sink = sink;
    row(rs.rootNames, record, null, -1, null, rs.settings.maxTableNesting());
  }

  /**
   * One row of table {@code names}: an object is flattened, anything else is its {@code value};
   * lineage is added, the row is emitted, then its lists become child rows. {@code parent} is null
   * for a root row.
   */
  private void row(
      TableNames names, JsonNode element, RowId parent, int listIdx, String rootId, int level) {
    RowBuffer r = row;
    r.clear();
    if (!names.hintsResolved) {
      names.hints = rs.hintsFor(names.name);
      names.hintsResolved = true;
    }
    List<NestedList> lists = null;
    if (element.isObject()) {
      TableState table = names.state != null ? names.state : evolver.table(names.name);
      names.state = table;
      lists = flattenObject(names, table, element, level, r);
    } else {
      r.set(DltColumns.VALUE, element);
    }
    boolean isRoot = parent == null;
    if (isRoot && r.set(DltColumns.LOAD_ID, loadId)) {
      warnings.add(Kind.LOAD_ID_OVERWRITTEN, names.name, DltColumns.LOAD_ID);
    }
    RowId id = rowId(names, element, parent, listIdx, r);
    if (!isRoot) {
      if (rootId != null) {
        r.set(DltColumns.ROOT_ID, rootId);
      }
      r.set(DltColumns.PARENT_ID, parent.rowValue());
      r.set(DltColumns.LIST_IDX, (long) listIdx);
    }
    r.set(DltColumns.ID, id.rowValue());

    if (!evolver.emit(rs, names, isRoot, r, sink) || lists == null) {
      return;
    }
    String childRootId =
        !isRoot ? rootId : rs.settings.disposition().carriesRootId() ? id.resolve(ids) : null;
    for (NestedList nested : lists) {
      int idx = 0;
      for (JsonNode item : nested.list()) {
        JsonNode rowElement = item;
        if (item.isArray()) {
          ObjectNode wrap = JsonNodeFactory.instance.objectNode();
          wrap.set(DltColumns.LIST, item);
          rowElement = wrap;
        }
        row(nested.table(), rowElement, id, idx++, childRootId, level - 1);
      }
    }
  }

  /**
   * The row's {@code _dlt_id}: a truthy source {@code _dlt_id}; else for a child dlt's hash of
   * parent id, table and index; for a root the key hash (upsert), the row hash (scd2 without a row
   * version column) or a random id.
   */
  private RowId rowId(TableNames names, JsonNode element, RowId parent, int listIdx, RowBuffer r) {
    int idPos = r.indexOf(DltColumns.ID);
    if (idPos >= 0 && isTruthy(r.values[idPos])) {
      warnings.add(Kind.SOURCE_ROW_ID, names.name, DltColumns.ID);
      return RowId.of(textOf(r.values[idPos]));
    }
    if (parent != null) {
      RowId id = RowId.child(parent, names.name, listIdx);
      if (!deferChildIds) {
        id.resolve(ids);
      }
      return id;
    }
    if (rs.settings.disposition() == WriteDisposition.UPSERT) {
      return RowId.of(ids.hash(keyJson(names.name, r)));
    }
    if (rs.scd2 != null && rs.scd2.rowVersion() == null) {
      return RowId.of(ids.hash(rowHashJson(element)));
    }
    return RowId.of(ids.randomId());
  }

  /**
   * Flattens {@code obj} into {@code r} ("Rows: walking one record" in docs/dlt-compatibility.md: a
   * stack, objects visited last-in first-out after their parent's scalars) and returns the lists
   * found, in the order found; a later list for the same child table replaces the earlier one in
   * its place.
   */
  private List<NestedList> flattenObject(
      TableNames names, TableState table, JsonNode obj, int level, RowBuffer r) {
    Set<String> jsonHints = names.hints == null ? null : names.hints.json;
    List<NestedList> lists = null;
    ArrayDeque<Frame> stack = null;
    PathNode node = names.root;
    int lvl = level;
    while (true) {
      int position = 0;
      for (Map.Entry<String, JsonNode> e : obj.properties()) {
        KeyInfo k = node.key(e.getKey(), position++);
        JsonNode v = e.getValue();
        if (k.underscoreOnly) {
          warnings.add(Kind.UNDERSCORE_KEY_RENAMED, names.name, k.column);
        }
        if (v.isContainer()
            && lvl > 0
            && !isJsonColumn(table, k.column)
            && (jsonHints == null || !jsonHints.contains(k.column))) {
          if (v.isObject()) {
            if (stack == null) {
              stack = new ArrayDeque<>();
            }
            stack.push(new Frame(v, k.child(), lvl - 1));
          } else {
            if (lists == null) {
              lists = new ArrayList<>(2);
            }
            addList(lists, k.childTable(names), v);
          }
        } else if (r.set(k.column, v)) {
          warnings.add(Kind.COLUMN_COLLISION, names.name, k.column);
        }
      }
      if (stack == null || stack.isEmpty()) {
        return lists;
      }
      Frame f = stack.pop();
      obj = f.obj();
      node = f.node();
      lvl = f.level();
    }
  }

  private void addList(List<NestedList> lists, TableNames child, JsonNode list) {
    for (int i = 0; i < lists.size(); i++) {
      if (lists.get(i).table().name.equals(child.name)) {
        // same child table from another key: the later list wins, in the earlier one's place
        lists.set(i, new NestedList(lists.get(i).table(), list));
        warnings.add(Kind.LIST_COLLISION, child.name, null);
        return;
      }
    }
    lists.add(new NestedList(child, list));
  }

  private static boolean isJsonColumn(TableState table, String column) {
    if (table == null) {
      return false;
    }
    ColumnState c = table.byName.get(column);
    return c != null && c.type == DataType.JSON;
  }

  /** Python truthiness of a source {@code _dlt_id} value ("Lineage columns and row ids"). */
  private static boolean isTruthy(Object v) {
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    if (!(v instanceof JsonNode n) || n.isNull()) {
      return false;
    }
    if (n.isString()) {
      return !n.stringValue().isEmpty();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isIntegralNumber()) {
      return n.bigIntegerValue().signum() != 0;
    }
    if (n.isNumber()) {
      return n.doubleValue() != 0;
    }
    return n.isContainer() && !n.isEmpty();
  }

  private static String textOf(Object v) {
    if (v instanceof JsonNode n) {
      Object text = Values.coerce(DataType.TEXT, n, n.isString() ? n.stringValue() : null);
      return text instanceof String s ? s : n.toString();
    }
    return String.valueOf(v);
  }

  /**
   * Compact, key-sorted JSON of the primary key as it came from the source ("Lineage columns and
   * row ids").
   */
  private String keyJson(String table, RowBuffer r) {
    StringBuilder sb = new StringBuilder(64).append('{');
    String[] sorted = rs.sortedPrimaryKey;
    for (int i = 0; i < sorted.length; i++) {
      int pos = r.indexOf(sorted[i]);
      Object v = pos < 0 ? null : r.values[pos];
      if (v == null || (v instanceof JsonNode n && n.isNull())) {
        throw errors.nullKey(rs, table, sorted[i]);
      }
      if (i > 0) {
        sb.append(',');
      }
      Json.appendString(sb, sorted[i]);
      sb.append(':');
      Json.appendScalar(sb, (JsonNode) v);
    }
    return sb.append('}').toString();
  }

  /**
   * dlt's scd2 row hash input ({@code DataItemNormalizer.get_row_hash}): the whole source record
   * (nested objects and lists included, so a change in a child list is a new version) without its
   * top-level {@code _dlt*} keys, as compact JSON with keys sorted at every level.
   */
  static String rowHashJson(JsonNode obj) {
    StringBuilder sb = new StringBuilder(256);
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : obj.properties()) {
      if (!e.getKey().startsWith("_dlt")) {
        keys.add(e.getKey());
      }
    }
    keys.sort(Json.KEY_ORDER);
    sb.append('{');
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      Json.appendString(sb, keys.get(i));
      sb.append(':');
      Json.appendSorted(sb, obj.get(keys.get(i)));
    }
    return sb.append('}').toString();
  }
}
