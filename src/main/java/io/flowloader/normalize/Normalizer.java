package io.flowloader.normalize;

import io.flowloader.normalize.NormalizeWarning.Kind;
import io.flowloader.normalize.SchemaContract.Mode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * dlt's relational normalizer for one load (docs/dlt-compatibility.md): turns records into rows of
 * a root table and its child tables, names and types columns, and evolves the schema.
 *
 * <p>Create one per load with the dataset's current {@link Schema}; feed every record with {@link
 * #normalize}; rows stream to the sink as they are made, so memory does not grow with the load.
 * Afterwards {@link #schema()} is the evolved schema (version bumped only when tables or columns
 * were added), {@link #changes()} what changed, {@link #warnings()} what was repaired or dropped.
 *
 * <p>Each {@link NormalizedRow}'s values follow the table's columns as they stood when the row was
 * made; columns are only ever appended, so a row is a prefix of the final column list.
 *
 * <p>A {@link NormalizeException} means the load must be rejected; the normalizer must not be used
 * afterwards. Not thread-safe: one load, one thread.
 */
public final class Normalizer {

  static final String C_LOAD_ID = "_dlt_load_id";
  static final String C_ID = "_dlt_id";
  static final String C_PARENT_ID = "_dlt_parent_id";
  static final String C_LIST_IDX = "_dlt_list_idx";
  static final String C_ROOT_ID = "_dlt_root_id";
  static final String C_VALUE = "value";
  static final String C_LIST = "list";

  /** PostgreSQL's limit of columns per table. */
  static final int MAX_COLUMNS = 1600;

  static final java.util.Set<String> LINEAGE =
      java.util.Set.of(C_LOAD_ID, C_ID, C_PARENT_ID, C_LIST_IDX, C_ROOT_ID);

  private final Schema base;
  private final String loadId;
  private final Map<String, ResourceSettings> settings;
  private final Map<String, ResourceState> resources = new HashMap<>();
  private final LinkedHashMap<String, TableState> tables = new LinkedHashMap<>();
  private final List<SchemaChange> changes = new ArrayList<>();
  private final Map<WarningKey, long[]> warnings = new LinkedHashMap<>();
  private final Map<String, long[]> rowCounts = new LinkedHashMap<>();
  private final DltIds ids = new DltIds();
  private final RowBuf row = new RowBuf();
  private Object[] coercedTmp = new Object[32];
  private ColumnState[] targetTmp = new ColumnState[32];
  private Schema evolved;
  private int evolvedAtChanges = -1;
  private boolean deferChildIds;

  // the record being normalized, for error messages
  private ResourceState currentResource;
  private JsonNode currentRecord;

  /**
   * @param current the dataset's schema before this load ({@link Schema#empty} for a new dataset)
   * @param loadId this load's id ({@link LoadId#next()}), written to {@code _dlt_load_id}
   * @param settings per resource name; resources not in the map get {@link
   *     ResourceSettings#defaults()}
   */
  public Normalizer(Schema current, String loadId, Map<String, ResourceSettings> settings) {
    this.base = Objects.requireNonNull(current, "current schema");
    this.loadId = Objects.requireNonNull(loadId, "loadId");
    this.settings = Map.copyOf(settings);
    for (TableSchema table : current.tables().values()) {
      tables.put(table.name(), TableState.from(table));
    }
  }

  /**
   * Normalizes one record of {@code resource} and hands its rows to {@code sink}: the root row
   * first, then child rows depth first. A record that is not an object is stored as {@code
   * {"value": record}}, as dlt does.
   *
   * @throws NormalizeException when the schema contract forbids the record, or a value fits neither
   *     its column nor its variant column
   */
  public void normalize(String resource, JsonNode record, Consumer<NormalizedRow> sink) {
    ResourceState rs = resource(resource);
    rs.records++;
    JsonNode object = record;
    if (!record.isObject()) {
      ObjectNode wrap = JsonNodeFactory.instance.objectNode();
      wrap.set(C_VALUE, record);
      object = wrap;
    }
    currentResource = rs;
    currentRecord = object;
    processRow(rs, rs.rootNames, object, null, null, -1, null, rs.settings.maxTableNesting(), sink);
  }

  /**
   * From now on, child rows get a {@link ChildId} instead of a String as {@code _dlt_id} (and their
   * children as {@code _dlt_parent_id}): its hash is computed when first converted to a String, by
   * the consumer of the rows (the staging sender thread), not by the normalizing thread. Same
   * values. Only for consumers that take TEXT values by {@code toString()} (the staging writer
   * does).
   */
  public void deferChildIds(boolean defer) {
    this.deferChildIds = defer;
  }

  /** The schema after the records seen so far; the same instance as given when nothing changed. */
  public Schema schema() {
    if (changes.isEmpty()) {
      return base;
    }
    if (evolved == null || evolvedAtChanges != changes.size()) {
      Map<String, TableSchema> out = new LinkedHashMap<>();
      for (TableState t : tables.values()) {
        out.put(t.name, t.toSchema());
      }
      evolved = Schema.evolve(base, out);
      evolvedAtChanges = changes.size();
    }
    return evolved;
  }

  /** True when this load adds tables or columns (and so writes a {@code _dlt_version} row). */
  public boolean schemaChanged() {
    return !changes.isEmpty();
  }

  /** New tables and columns of this load, in the order they were created. */
  public List<SchemaChange> changes() {
    return List.copyOf(changes);
  }

  /** What was repaired, merged or dropped in this load, counted per kind, table and column. */
  public List<NormalizeWarning> warnings() {
    List<NormalizeWarning> out = new ArrayList<>(warnings.size());
    warnings.forEach((k, n) -> out.add(new NormalizeWarning(k.kind, k.table, k.column, n[0])));
    return out;
  }

  /** Rows produced per table in this load, in first-row order. */
  public Map<String, Long> rowCounts() {
    Map<String, Long> out = new LinkedHashMap<>();
    rowCounts.forEach((t, n) -> out.put(t, n[0]));
    return out;
  }

  /** The load id given at construction. */
  public String loadId() {
    return loadId;
  }

  // ---------------------------------------------------------------- walking records

  private ResourceState resource(String resource) {
    ResourceState rs = resources.get(resource);
    if (rs == null) {
      ResourceSettings s = settings.getOrDefault(resource, ResourceSettings.defaults());
      rs = new ResourceState(resource, s);
      resources.put(resource, rs);
      applyDisposition(rs);
    }
    return rs;
  }

  /**
   * dlt applies the resource's current write disposition to its stored tables: a changed setting
   * changes the schema (and its version).
   */
  private void applyDisposition(ResourceState rs) {
    TableState root = tables.get(rs.rootNames.name);
    WriteDisposition wanted = rs.settings.disposition();
    if (root != null && root.parent == null) {
      root.scd2 = rs.scd2;
    }
    if (root == null || root.parent != null || root.disposition == wanted) {
      return;
    }
    for (TableState t : tables.values()) {
      TableState top = t;
      while (top != null && top.parent != null) {
        top = tables.get(top.parent);
      }
      if (top == root) {
        t.disposition = wanted;
      }
    }
    changes.add(SchemaChange.dispositionChanged(root.name, wanted));
  }

  /**
   * One row: {@code obj} is flattened (or {@code scalar} is its {@code value}), lineage is added,
   * the row is coerced and emitted, then its lists become child rows.
   */
  private void processRow(
      ResourceState rs,
      TableNames names,
      JsonNode obj,
      JsonNode scalar,
      Object parentId,
      int listIdx,
      String rootId,
      int level,
      Consumer<NormalizedRow> sink) {
    RowBuf r = row;
    r.clear();
    List<Object> lists = null;
    TableState table = names.state != null ? names.state : tables.get(names.name);
    names.state = table;
    if (obj != null) {
      if (!names.hintsResolved) {
        names.hints = rs.hintsFor(names.name);
        names.hintsResolved = true;
      }
      lists = flatten(names, table, names.hints == null ? null : names.hints.json, obj, level, r);
    } else {
      if (!names.hintsResolved) {
        names.hints = rs.hintsFor(names.name);
        names.hintsResolved = true;
      }
      r.set(C_VALUE, scalar);
    }
    boolean isRoot = parentId == null;
    if (isRoot && r.set(C_LOAD_ID, loadId)) {
      warn(Kind.LOAD_ID_OVERWRITTEN, names.name, C_LOAD_ID);
    }
    Object rowId = null; // a String, or a ChildId (deferChildIds)
    int idPos = r.indexOf(C_ID);
    if (idPos >= 0 && isTruthy(r.values[idPos])) {
      rowId = textOf(r.values[idPos]);
      warn(Kind.SOURCE_ROW_ID, names.name, C_ID);
    }
    if (rowId == null) {
      if (!isRoot) {
        rowId =
            deferChildIds
                ? new ChildId(parentId, names.name, listIdx)
                : ids.child(parentId.toString(), names.name, listIdx);
      } else if (rs.settings.disposition() == WriteDisposition.UPSERT) {
        rowId = ids.hash(keyJson(rs, names.name, r));
      } else if (rs.scd2 != null && rs.scd2.rowVersion() == null) {
        rowId = ids.hash(rowHashJson(obj, scalar));
      } else {
        rowId = ids.randomId();
      }
    }
    if (!isRoot) {
      if (rootId != null) {
        r.set(C_ROOT_ID, rootId);
      }
      r.set(C_PARENT_ID, parentId);
      r.set(C_LIST_IDX, (long) listIdx);
    }
    r.set(C_ID, rowId);

    if (!emit(rs, names, isRoot, sink)) {
      return;
    }
    if (lists == null) {
      return;
    }
    // a root's id is always a String (random, key hash or from the source)
    String childRootId =
        isRoot ? (rs.settings.disposition().carriesRootId() ? (String) rowId : null) : rootId;
    for (int i = 0; i < lists.size(); i += 2) {
      processList(
          rs,
          (TableNames) lists.get(i),
          (JsonNode) lists.get(i + 1),
          rowId,
          childRootId,
          level - 1,
          sink);
    }
  }

  private void processList(
      ResourceState rs,
      TableNames names,
      JsonNode list,
      Object parentId,
      String rootId,
      int level,
      Consumer<NormalizedRow> sink) {
    int idx = 0;
    for (JsonNode element : list) {
      if (element.isObject()) {
        processRow(rs, names, element, null, parentId, idx, rootId, level, sink);
      } else if (element.isArray()) {
        ObjectNode wrap = JsonNodeFactory.instance.objectNode();
        wrap.set(C_LIST, element);
        processRow(rs, names, wrap, null, parentId, idx, rootId, level, sink);
      } else {
        processRow(rs, names, null, element, parentId, idx, rootId, level, sink);
      }
      idx++;
    }
  }

  /**
   * Flattens {@code obj} into {@code r} ("Rows: walking one record" in docs/dlt-compatibility.md: a
   * stack, objects visited last-in first-out after their parent's scalars) and returns the lists
   * found, in the order found, as pairs (child table names, list); a later list for the same child
   * table replaces the earlier one in its place.
   */
  private List<Object> flatten(
      TableNames names,
      TableState table,
      java.util.Set<String> jsonHints,
      JsonNode obj,
      int level,
      RowBuf r) {
    List<Object> lists = null;
    ArrayDeque<Frame> stack = null;
    PathNode node = names.root;
    int lvl = level;
    while (true) {
      int position = 0;
      for (Map.Entry<String, JsonNode> e : obj.properties()) {
        KeyInfo k = node.key(e.getKey(), position++);
        JsonNode v = e.getValue();
        if (k.underscoreOnly) {
          warn(Kind.UNDERSCORE_KEY_RENAMED, names.name, k.column);
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
            TableNames child = k.childTable(names);
            if (lists == null) {
              lists = new ArrayList<>(4);
            }
            int previous = -1;
            for (int i = 0; i < lists.size() && previous < 0; i += 2) {
              if (((TableNames) lists.get(i)).name.equals(child.name)) {
                previous = i;
              }
            }
            if (previous >= 0) {
              // same child table from another key: the later list wins, in the earlier one's place
              lists.set(previous + 1, v);
              warn(Kind.LIST_COLLISION, child.name, null);
            } else {
              lists.add(child);
              lists.add(v);
            }
          }
        } else if (r.set(k.column, v)) {
          warn(Kind.COLUMN_COLLISION, names.name, k.column);
        }
      }
      if (stack == null || stack.isEmpty()) {
        return lists;
      }
      Frame f = stack.pop();
      obj = f.obj;
      node = f.node;
      lvl = f.level;
    }
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
  private String keyJson(ResourceState rs, String table, RowBuf r) {
    StringBuilder sb = new StringBuilder(64).append('{');
    String[] sorted = rs.sortedPrimaryKey;
    for (int i = 0; i < sorted.length; i++) {
      int pos = r.indexOf(sorted[i]);
      Object v = pos < 0 ? null : r.values[pos];
      if (v == null || (v instanceof JsonNode n && n.isNull())) {
        throw nullKey(rs, table, sorted[i]);
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
   * top-level {@code _dlt*} keys, as compact JSON with keys sorted at every level. A scalar record
   * is hashed as dlt wraps it, {@code {"value": …}}.
   */
  private static String rowHashJson(JsonNode obj, JsonNode scalar) {
    StringBuilder sb = new StringBuilder(256);
    if (obj == null) {
      sb.append('{');
      Json.appendString(sb, C_VALUE);
      sb.append(':');
      Json.appendSorted(sb, scalar);
      return sb.append('}').toString();
    }
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : obj.properties()) {
      if (!e.getKey().startsWith("_dlt")) {
        keys.add(e.getKey());
      }
    }
    keys.sort(null);
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

  // ---------------------------------------------------------------- schema and coercion

  /**
   * Fits the row in {@link #row} into its table (creating the table and columns as the contract
   * allows), coerces the values and emits the row. Returns false when the contract discarded it.
   */
  private boolean emit(
      ResourceState rs, TableNames names, boolean isRoot, Consumer<NormalizedRow> sink) {
    RowBuf r = row;
    SchemaContract contract = rs.settings.contract();
    TableState t = names.state;
    if (t == null) {
      t = tables.get(names.name);
    }
    if (t == null) {
      if (contract.tables() != Mode.EVOLVE) {
        if (contract.tables() == Mode.FREEZE) {
          throw violation(rs, "tables", Mode.FREEZE, names.name, null, null, "new table");
        }
        warn(Kind.ROW_DISCARDED, names.name, null);
        return false;
      }
      t = createTable(rs, names, isRoot);
    }
    names.state = t;
    TableHints tableHints = names.hints;
    if (tableHints != null && !tableHints.applied) {
      applyColumnHints(rs, tableHints, t, isRoot);
    }
    int size = r.size;
    if (coercedTmp.length < size) {
      coercedTmp = new Object[size * 2];
      targetTmp = new ColumnState[size * 2];
    }
    Object[] coerced = coercedTmp;
    ColumnState[] targets = targetTmp;
    int columnsBefore = t.columns.size();
    int changesBefore = changes.size();
    boolean newTable = t.createdInLoad;
    for (int i = 0; i < size; i++) {
      targets[i] = null;
      String name = r.names[i];
      Object v = r.values[i];
      if (v instanceof String || v instanceof Long || v instanceof ChildId) {
        // lineage value made here
        ColumnState c = t.byName.get(name);
        if (c == null) {
          c = addLineageColumn(t, name);
        }
        targets[i] = c;
        coerced[i] = v;
        continue;
      }
      JsonNode jv = (JsonNode) v;
      if (jv == null || jv.isNull() || jv.isMissingNode()) {
        continue;
      }
      String text = null;
      if (jv.isString()) {
        String raw = jv.stringValue();
        text = Values.sanitize(raw);
        if (text != raw) {
          warn(Kind.INVALID_CHARACTER_REPLACED, t.name, name);
        }
      }
      ColumnState c = t.byName.get(name);
      Object cv;
      if (c == null) {
        if (!newTable && contract.columns() != Mode.EVOLVE) {
          Mode mode = contract.columns();
          if (mode == Mode.FREEZE) {
            throw violation(rs, "columns", mode, t.name, name, jv, "new column");
          }
          if (mode == Mode.DISCARD_ROW) {
            rollback(t, columnsBefore, changesBefore);
            warn(Kind.ROW_DISCARDED, t.name, name);
            return false;
          }
          warn(Kind.VALUE_DISCARDED, t.name, name);
          continue;
        }
        DataType type = Values.infer(jv, text);
        cv = Values.coerce(type, jv, text);
        if (cv == Values.FAIL) {
          // only integers beyond numeric(156,78) get here: keep them as text rather than lose them
          type = DataType.TEXT;
          cv = Values.coerce(type, jv, text);
        }
        if (cv == Values.NULL) {
          // stored as NULL (1e400): like dlt, only a first stored value creates the column
          warn(Kind.DOUBLE_OUT_OF_RANGE, t.name, name);
          continue;
        }
        ColumnHint hint = tableHints == null ? null : tableHints.columns.get(name);
        c = addColumn(t, name, type, isRoot && rs.isPrimaryKey(name), false, hint);
      } else {
        cv = Values.coerce(c.type, jv, text);
        if (cv == Values.FAIL) {
          DataType valueType = Values.typeOf(jv);
          String variant = c.variantName(valueType);
          ColumnState vc = t.byName.get(variant);
          if (vc == null) {
            if (!newTable && contract.dataType() != Mode.EVOLVE) {
              Mode mode = contract.dataType();
              if (mode == Mode.FREEZE) {
                throw violation(
                    rs, "data_type", mode, t.name, name, jv, "variant column " + variant);
              }
              if (mode == Mode.DISCARD_ROW) {
                rollback(t, columnsBefore, changesBefore);
                warn(Kind.ROW_DISCARDED, t.name, name);
                return false;
              }
              warn(Kind.VALUE_DISCARDED, t.name, name);
              continue;
            }
            DataType type = Values.infer(jv, text);
            cv = Values.coerce(type, jv, text);
            if (cv == Values.FAIL) {
              type = DataType.TEXT;
              cv = Values.coerce(type, jv, text);
            }
            if (cv == Values.NULL) {
              warn(Kind.DOUBLE_OUT_OF_RANGE, t.name, variant);
              continue;
            }
            vc = addColumn(t, variant, type, false, true, null);
          } else {
            cv = Values.coerce(vc.type, jv, text);
            if (cv == Values.FAIL) {
              if (contract.dataType() == Mode.DISCARD_VALUE) {
                warn(Kind.VALUE_DISCARDED, t.name, variant);
                continue;
              }
              if (contract.dataType() == Mode.DISCARD_ROW) {
                rollback(t, columnsBefore, changesBefore);
                warn(Kind.ROW_DISCARDED, t.name, variant);
                return false;
              }
              throw cannotCoerce(rs, t.name, vc, jv);
            }
          }
          c = vc;
        }
      }
      if (cv == Values.NULL) {
        warn(Kind.DOUBLE_OUT_OF_RANGE, t.name, c.name);
        cv = null;
      } else if (jv.isBigInteger() && !jv.canConvertToLong()) {
        warn(Kind.HUGE_INTEGER, t.name, c.name);
      } else if (text != null && cv instanceof Double d && !Double.isFinite(d)) {
        warn(Kind.NON_FINITE_DOUBLE, t.name, c.name);
      }
      targets[i] = c;
      coerced[i] = cv;
    }
    Object[] values = new Object[t.columns.size()];
    for (int i = 0; i < size; i++) {
      if (targets[i] != null) {
        values[targets[i].index] = coerced[i];
        targets[i] = null;
        coerced[i] = null;
      }
    }
    for (ColumnState c : t.requiredData) {
      if (c.index < values.length && values[c.index] == null) {
        throw nullKey(rs, t.name, c.name);
      }
    }
    if (t.rows[0]++ == 0) {
      rowCounts.putIfAbsent(t.name, t.rows);
    }
    sink.accept(new NormalizedRow(t.name, values));
    return true;
  }

  /**
   * dlt's complete column hints (those with a data type) exist in their table (the root, or a
   * nested table of {@code nested_hints}) before any data column: created with a new table in hint
   * order, appended to an existing one that lacks them.
   */
  private void applyColumnHints(ResourceState rs, TableHints hints, TableState t, boolean isRoot) {
    hints.applied = true;
    for (Map.Entry<String, ColumnHint> e : hints.columns.entrySet()) {
      ColumnHint h = e.getValue();
      if (h.type() != null && !t.byName.containsKey(e.getKey())) {
        addColumn(t, e.getKey(), h.type(), isRoot && rs.isPrimaryKey(e.getKey()), false, h);
      }
    }
  }

  private TableState createTable(ResourceState rs, TableNames names, boolean isRoot) {
    TableState t =
        new TableState(
            names.name,
            isRoot ? null : names.parentName,
            rs.resource,
            rs.settings.disposition(),
            true);
    if (isRoot) {
      t.scd2 = rs.scd2;
    }
    tables.put(t.name, t);
    changes.add(SchemaChange.newTable(t.name, t.parent));
    return t;
  }

  /**
   * A new column; {@code hint} (null for none) gives its nullability and dlt's precision, scale and
   * timezone. A hinted decimal without them gets dlt's PostgreSQL defaults, numeric(38,9).
   */
  private ColumnState addColumn(
      TableState t,
      String name,
      DataType type,
      boolean primaryKey,
      boolean variant,
      ColumnHint hint) {
    // dlt's default not_null hint also covers source keys named like lineage columns
    boolean nullable =
        hint != null && hint.nullable() != null
            ? hint.nullable()
            : !primaryKey && !LINEAGE.contains(name);
    if (t.columns.size() >= MAX_COLUMNS) {
      throw tooManyColumns(t, name);
    }
    Integer precision = hint == null ? null : hint.precision();
    Integer scale = hint == null ? null : hint.scale();
    if (hint != null && type == DataType.DECIMAL && hint.type() == DataType.DECIMAL) {
      precision = precision == null ? PostgresTypes.DEFAULT_DECIMAL_PRECISION : precision;
      scale = scale == null ? PostgresTypes.DEFAULT_DECIMAL_SCALE : scale;
    }
    ColumnState c =
        new ColumnState(
            name,
            t.columns.size(),
            type,
            nullable,
            false,
            primaryKey,
            variant,
            precision,
            scale,
            hint == null ? null : hint.timezone());
    t.add(c);
    changes.add(SchemaChange.newColumn(t.name, name, type));
    return c;
  }

  private ColumnState addLineageColumn(TableState t, String name) {
    DataType type = C_LIST_IDX.equals(name) ? DataType.BIGINT : DataType.TEXT;
    // an scd2 root's _dlt_id is its row hash: a record deleted and re-inserted repeats it (dlt
    // drops the unique hint there)
    boolean unique =
        C_ID.equals(name) && !(t.parent == null && t.scd2 != null && t.scd2.rowVersion() == null);
    ColumnState c =
        new ColumnState(
            name, t.columns.size(), type, false, unique, false, false, null, null, null);
    t.add(c);
    changes.add(SchemaChange.newColumn(t.name, name, type));
    return c;
  }

  private void rollback(TableState t, int columnsBefore, int changesBefore) {
    while (t.columns.size() > columnsBefore) {
      ColumnState c = t.columns.remove(t.columns.size() - 1);
      t.byName.remove(c.name);
      t.requiredData.remove(c);
    }
    while (changes.size() > changesBefore) {
      changes.remove(changes.size() - 1);
    }
  }

  private void warn(Kind kind, String table, String column) {
    warnings.computeIfAbsent(new WarningKey(kind, table, column), k -> new long[1])[0]++;
  }

  // ---------------------------------------------------------------- errors

  private NormalizeException violation(
      ResourceState rs,
      String entity,
      Mode mode,
      String table,
      String column,
      JsonNode value,
      String what) {
    String key = recordKey();
    String message =
        "Schema contract "
            + entity
            + "="
            + mode.dltName()
            + " of resource `"
            + rs.resource
            + "` forbids a "
            + what
            + " in table `"
            + table
            + "`"
            + (column == null ? "" : ", column `" + column + "`")
            + (value == null ? "" : ", value type " + Values.typeOf(value).dltName())
            + ", record "
            + key
            + ". To load such records, set `schema_contract: {"
            + entity
            + ": evolve}` (or discard_row, discard_value) on resource `"
            + rs.resource
            + "` in the source definition.";
    return new NormalizeException(message, rs.resource, table, column, key);
  }

  private NormalizeException cannotCoerce(
      ResourceState rs, String table, ColumnState column, JsonNode value) {
    String key = recordKey();
    String text = value.isString() ? value.stringValue() : value.toString();
    if (text.length() > 40) {
      text = text.substring(0, 40) + "…";
    }
    String message =
        "Cannot coerce type `"
            + Values.typeOf(value).dltName()
            + "` to `"
            + column.type.dltName()
            + "` for value `"
            + text
            + "` in table `"
            + table
            + "` column `"
            + column.name
            + "` (resource `"
            + rs.resource
            + "`, record "
            + key
            + "): it fits neither the column nor its variant column. To load the other records,"
            + " set `schema_contract: {data_type: discard_value}` (or discard_row) on resource `"
            + rs.resource
            + "` in the source definition.";
    return new NormalizeException(message, rs.resource, table, column.name, key);
  }

  /**
   * A table that would pass PostgreSQL's column limit: almost always a map keyed by ids (one column
   * per key) that should be one {@code json} column. Names the object path whose keys grew most.
   */
  private NormalizeException tooManyColumns(TableState t, String column) {
    Map<String, java.util.Set<String>> children = new HashMap<>();
    for (ColumnState c : t.columns) {
      String[] pieces = c.name.split(NamingConvention.PATH_SEPARATOR, -1);
      StringBuilder prefix = new StringBuilder();
      for (int k = 0; k < pieces.length - 1; k++) {
        if (k > 0) {
          prefix.append(NamingConvention.PATH_SEPARATOR);
        }
        prefix.append(pieces[k]);
        children
            .computeIfAbsent(prefix.toString(), p -> new java.util.HashSet<>())
            .add(pieces[k + 1]);
      }
    }
    String widest =
        children.entrySet().stream()
            .max(java.util.Comparator.comparingInt(e -> e.getValue().size()))
            .map(Map.Entry::getKey)
            .orElse(column);
    String key = recordKey();
    String message =
        "Table `"
            + t.name
            + "` of resource `"
            + t.resource
            + "` would get more than "
            + MAX_COLUMNS
            + " columns (PostgreSQL's limit) with column `"
            + column
            + "` (record "
            + key
            + "). Its widest object is `"
            + widest
            + "` ("
            + children.getOrDefault(widest, java.util.Set.of()).size()
            + " keys), probably a map keyed by ids: load it as one json column with the column"
            + " hint `columns: {"
            + widest
            + ": {data_type: json}}` on resource `"
            + t.resource
            + "`, or limit max_table_nesting.";
    return new NormalizeException(message, t.resource, t.name, column, key);
  }

  private NormalizeException nullKey(ResourceState rs, String table, String column) {
    String key = recordKey();
    String what = LINEAGE.contains(column) ? "dlt lineage column" : "primary key column";
    String message =
        "NOT NULL "
            + what
            + " `"
            + column
            + "` of table `"
            + table
            + "` is null or missing (resource `"
            + rs.resource
            + "`, record "
            + key
            + "); every record must have a value for it"
            + (LINEAGE.contains(column)
                ? " (a source key named like a dlt lineage column gets dlt's NOT NULL hint)."
                : ".");
    return new NormalizeException(message, rs.resource, table, column, key);
  }

  /**
   * How a user finds the record: position in this load plus its key or {@code id} if it has one.
   */
  private String recordKey() {
    ResourceState rs = currentResource;
    JsonNode record = currentRecord;
    StringBuilder sb = new StringBuilder("#").append(rs == null ? 0 : rs.records);
    if (record == null || rs == null) {
      return sb.toString();
    }
    String[] keys = rs.primaryKey.length > 0 ? rs.primaryKey : new String[] {"id"};
    List<String> parts = new ArrayList<>();
    for (String key : keys) {
      JsonNode v = find(record, key);
      if (v != null && !v.isContainer()) {
        String text = v.isString() ? v.stringValue() : v.toString();
        parts.add(key + "=" + (text.length() > 64 ? text.substring(0, 64) + "…" : text));
      }
    }
    if (!parts.isEmpty()) {
      sb.append(" (").append(String.join(", ", parts)).append(')');
    }
    return sb.toString();
  }

  /** The source value behind a normalized column path such as {@code id__id}. */
  private static JsonNode find(JsonNode obj, String column) {
    JsonNode current = obj;
    for (String piece : column.split(NamingConvention.PATH_SEPARATOR, -1)) {
      if (current == null || !current.isObject()) {
        return null;
      }
      JsonNode next = null;
      for (Map.Entry<String, JsonNode> e : current.properties()) {
        if (piece.equals(NamingConvention.normalizePath(e.getKey()))) {
          next = e.getValue();
        }
      }
      current = next;
    }
    return current;
  }

  // ---------------------------------------------------------------- state

  private record WarningKey(Kind kind, String table, String column) {}

  private record Frame(JsonNode obj, PathNode node, int level) {}

  /** Per resource: its settings and the naming cache of its root table. */
  private static final class ResourceState {
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
          NamingConvention.tableName(
              settings.tableName() == null ? resource : settings.tableName());
      this.rootNames = new TableNames(root, null, List.of(root));
      java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>();
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
      Arrays.sort(sortedPrimaryKey);
    }

    /** The column hints of a table of this resource, or null when it has none. */
    TableHints hintsFor(String table) {
      return hintsByTable.get(table);
    }

    /**
     * The name of the nested table at {@code path} (source field names below the root; a dotted
     * piece counts as several): each piece normalized, joined to the root's name as the flattener
     * names child tables.
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

  /** The column hints of one table of a resource, by column name, in the order written. */
  static final class TableHints {
    final Map<String, ColumnHint> columns = new LinkedHashMap<>();
    final java.util.Set<String> json = new java.util.HashSet<>();
    boolean applied;

    TableHints(String resource, String table, List<ColumnHint> hints) {
      for (ColumnHint h : hints) {
        String column = ResourceState.columnOf(h.column());
        if (h.type() != null) {
          String problem = PostgresTypes.problem(h.type(), h.precision(), h.scale());
          if (problem != null) {
            throw new NormalizeException(
                "Column hint of `"
                    + column
                    + "` in table `"
                    + table
                    + "` of resource `"
                    + resource
                    + "`: "
                    + problem,
                resource,
                table,
                column,
                null);
          }
        }
        columns.put(column, h);
        if (h.type() == DataType.JSON) {
          json.add(column);
        }
      }
    }
  }

  /** Naming cache of one table: its path pieces and the names of its keys at every object level. */
  static final class TableNames {
    final String name;
    final String parentName;
    final List<String> fragments;
    final PathNode root = new PathNode(List.of());
    TableState state;
    TableHints hints;
    boolean hintsResolved;

    TableNames(String name, String parentName, List<String> fragments) {
      this.name = name;
      this.parentName = parentName;
      this.fragments = fragments;
    }
  }

  /** The keys met at one object path inside a row, with their normalized names. */
  static final class PathNode {
    final List<String> fragments;
    final HashMap<String, KeyInfo> keys = new HashMap<>();

    PathNode(List<String> fragments) {
      this.fragments = fragments;
    }

    /** The key seen at each position of the last object here: records mostly repeat their shape. */
    private KeyInfo[] atPosition = new KeyInfo[8];

    KeyInfo key(String raw) {
      KeyInfo k = keys.get(raw);
      if (k == null) {
        k = new KeyInfo(this, raw);
        keys.put(raw, k);
      }
      return k;
    }

    /**
     * {@link #key(String)} of the key at {@code position} of an object: the key at the same
     * position last time is checked first (the parser hands out the same name instances, so usually
     * by identity) before the map.
     */
    KeyInfo key(String raw, int position) {
      KeyInfo[] last = atPosition;
      if (position < last.length) {
        KeyInfo k = last[position];
        if (k != null && (k.raw == raw || k.raw.equals(raw))) {
          return k;
        }
      } else if (position < 256) {
        atPosition = last = Arrays.copyOf(last, Math.max(position + 1, last.length * 2));
      } else {
        return key(raw);
      }
      KeyInfo k = key(raw);
      last[position] = k;
      return k;
    }
  }

  /** One raw key at one path: its normalized piece, column name, nested path and child table. */
  static final class KeyInfo {
    final PathNode owner;
    final String raw;
    final String normKey;
    final String column;
    final boolean underscoreOnly;
    private PathNode child;
    private TableNames childTable;

    KeyInfo(PathNode owner, String raw) {
      this.owner = owner;
      this.raw = raw;
      String norm = NamingConvention.isBlank(raw) ? "" : NamingConvention.normalizePath(raw);
      this.underscoreOnly = norm.isEmpty() && !NamingConvention.isBlank(raw);
      this.normKey = norm.isEmpty() ? NamingConvention.EMPTY_KEY : norm;
      if (owner.fragments.isEmpty()) {
        this.column = normKey;
      } else {
        List<String> parts = new ArrayList<>(owner.fragments);
        parts.add(normKey);
        this.column = NamingConvention.join(parts);
      }
    }

    PathNode child() {
      if (child == null) {
        List<String> parts = new ArrayList<>(owner.fragments);
        parts.add(normKey);
        child = new PathNode(List.copyOf(parts));
      }
      return child;
    }

    TableNames childTable(TableNames table) {
      if (childTable == null) {
        List<String> parts = new ArrayList<>(table.fragments);
        parts.addAll(owner.fragments);
        parts.add(normKey);
        childTable = new TableNames(NamingConvention.join(parts), table.name, List.copyOf(parts));
      }
      return childTable;
    }
  }

  /** A table as this load sees it: columns only grow. */
  static final class TableState {
    final String name;
    final String parent;
    final String resource;
    WriteDisposition disposition;
    Scd2 scd2;
    final boolean createdInLoad;
    final ArrayList<ColumnState> columns = new ArrayList<>();
    final HashMap<String, ColumnState> byName = new HashMap<>();
    final List<ColumnState> requiredData = new ArrayList<>();
    final long[] rows = new long[1];

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
        case C_ID -> true;
        case C_LOAD_ID -> parent == null;
        case C_PARENT_ID, C_LIST_IDX -> parent != null;
        case C_ROOT_ID -> parent != null && disposition.carriesRootId();
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
      return new TableSchema(
          name, parent, resource, disposition, out, parent == null ? scd2 : null);
    }
  }

  /** One column and the names of its variants. */
  static final class ColumnState {
    final String name;
    final int index;
    final DataType type;
    final boolean nullable;
    final boolean unique;
    final boolean primaryKey;
    final boolean variant;
    final Integer precision;
    final Integer scale;
    final Boolean timezone;
    private final String[] variantNames = new String[DataType.values().length];

    ColumnState(
        String name,
        int index,
        DataType type,
        boolean nullable,
        boolean unique,
        boolean primaryKey,
        boolean variant,
        Integer precision,
        Integer scale,
        Boolean timezone) {
      this.name = name;
      this.index = index;
      this.type = type;
      this.nullable = nullable;
      this.unique = unique;
      this.primaryKey = primaryKey;
      this.variant = variant;
      this.precision = precision;
      this.scale = scale;
      this.timezone = timezone;
    }

    String variantName(DataType valueType) {
      String n = variantNames[valueType.ordinal()];
      if (n == null) {
        n = NamingConvention.join(name, "v_" + valueType.dltName());
        variantNames[valueType.ordinal()] = n;
      }
      return n;
    }
  }

  /**
   * The row being built: names in first-set order, later sets overwrite in place (dlt's dict
   * semantics). Values are source {@link JsonNode}s or lineage values made here (String, Long).
   */
  static final class RowBuf {
    String[] names = new String[32];
    int[] hashes = new int[32];
    Object[] values = new Object[32];
    int size;

    // Open-addressing index of names: slot -> position + 1, valid where stamp == generation, so
    // clearing a row is one increment.
    private int[] slots = new int[128];
    private int[] stamps = new int[128];
    private int generation = 1;

    void clear() {
      Arrays.fill(values, 0, size, null);
      size = 0;
      if (++generation == 0) {
        Arrays.fill(stamps, 0);
        generation = 1;
      }
    }

    int indexOf(String name) {
      int h = name.hashCode();
      int mask = slots.length - 1;
      for (int s = spread(h) & mask; stamps[s] == generation; s = (s + 1) & mask) {
        int i = slots[s] - 1;
        String n = names[i];
        if (n == name || (hashes[i] == h && n.equals(name))) {
          return i;
        }
      }
      return -1;
    }

    private static int spread(int h) {
      return (h ^ (h >>> 16)) * 0x9E3779B9 >>> 7;
    }

    private void index(int position) {
      int mask = slots.length - 1;
      int s = spread(hashes[position]) & mask;
      while (stamps[s] == generation) {
        s = (s + 1) & mask;
      }
      stamps[s] = generation;
      slots[s] = position + 1;
    }

    /** Sets a value; returns true when the name already held a non-null value. */
    boolean set(String name, Object value) {
      int i = indexOf(name);
      if (i >= 0) {
        Object old = values[i];
        values[i] = value;
        return old != null && !(old instanceof JsonNode n && n.isNull());
      }
      if (size == names.length) {
        names = Arrays.copyOf(names, size * 2);
        hashes = Arrays.copyOf(hashes, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      names[size] = name;
      hashes[size] = name.hashCode();
      values[size] = value;
      size++;
      if (size * 4 > slots.length) {
        // keep the index at most a quarter full: rebuild it twice as large
        slots = new int[slots.length * 2];
        stamps = new int[slots.length];
        generation = 1;
        for (int p = 0; p < size; p++) {
          index(p);
        }
      } else {
        index(size - 1);
      }
      return false;
    }
  }
}
