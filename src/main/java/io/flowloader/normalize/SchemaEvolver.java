package io.flowloader.normalize;

import io.flowloader.normalize.NormalizeWarning.Kind;
import io.flowloader.normalize.SchemaContract.Mode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * The schema side of one load: fits each flattened row into its table, creating tables, columns and
 * variant columns as the schema contract allows ({@link #allow}, the one place that decides),
 * coerces the values into the columns' types and hands the finished row on. Columns are only ever
 * appended; {@link #schema()} is the result.
 */
final class SchemaEvolver {

  /** PostgreSQL's limit of columns per table. */
  static final int MAX_COLUMNS = 1600;

  /** What the schema contract says about a new table, column or variant column. */
  private enum Verdict {
    EVOLVE,
    DISCARD_ROW,
    DISCARD_VALUE
  }

  /** The contract entity a change falls under, spelled as dlt spells it. */
  private enum Entity {
    TABLES("tables"),
    COLUMNS("columns"),
    DATA_TYPE("data_type");

    final String dltName;

    Entity(String dltName) {
      this.dltName = dltName;
    }

    Mode mode(SchemaContract contract) {
      return switch (this) {
        case TABLES -> contract.tables();
        case COLUMNS -> contract.columns();
        case DATA_TYPE -> contract.dataType();
      };
    }
  }

  /** The type a new column (or variant) takes from its first value, and that value coerced. */
  private record FirstValue(DataType type, Object value) {}

  /** Marker returned by {@link #place}: the contract discarded the whole row. */
  private static final ColumnState ROW_DISCARDED =
      new ColumnState("", -1, DataType.TEXT, true, false, false, false, null, null, null);

  private final Schema base;
  private final Warnings warnings;
  private final NormalizeErrors errors;
  private final LinkedHashMap<String, TableState> tables = new LinkedHashMap<>();
  private final List<SchemaChange> changes = new ArrayList<>();

  /** Tables in the order of their first row in this load. */
  private final List<TableState> withRows = new ArrayList<>();

  private Object[] coercedTmp = new Object[32];
  private ColumnState[] targetTmp = new ColumnState[32];
  private Object placed;
  private Schema evolved;
  private int evolvedAtChanges = -1;

  SchemaEvolver(Schema base, Warnings warnings, NormalizeErrors errors) {
    this.base = base;
    this.warnings = warnings;
    this.errors = errors;
    for (TableSchema table : base.tables().values()) {
      tables.put(table.name(), TableState.from(table));
    }
  }

  TableState table(String name) {
    return tables.get(name);
  }

  /** The schema after the rows seen so far; the base instance when nothing changed. */
  Schema schema() {
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

  List<SchemaChange> changes() {
    return changes;
  }

  Map<String, Long> rowCounts() {
    Map<String, Long> out = new LinkedHashMap<>();
    withRows.forEach(t -> out.put(t.name, t.rows));
    return out;
  }

  /**
   * dlt applies the resource's current write disposition to its stored tables: a changed setting
   * changes the schema (and its version).
   */
  void applyDisposition(ResourceState rs) {
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
   * Fits the row in {@code r} into its table, coerces its values and hands it to {@code sink}.
   * Returns false when the contract discarded it (then its child rows are not made either).
   */
  boolean emit(
      ResourceState rs,
      TableNames names,
      boolean isRoot,
      RowBuffer r,
      Consumer<NormalizedRow> sink) {
    TableState t = names.state != null ? names.state : tables.get(names.name);
    if (t == null) {
      Verdict verdict = allow(rs, Entity.TABLES, null, names.name, null, null, null);
      if (verdict != Verdict.EVOLVE) {
        warnings.add(Kind.ROW_DISCARDED, names.name, null);
        return false;
      }
      t = createTable(rs, names, isRoot);
    }
    names.state = t;
    TableHints hints = names.hints;
    if (hints != null && !hints.applied) {
      applyColumnHints(rs, hints, t, isRoot);
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
    for (int i = 0; i < size; i++) {
      ColumnState c = place(rs, t, hints, isRoot, r.names[i], r.values[i]);
      if (c == ROW_DISCARDED) {
        rollback(t, columnsBefore, changesBefore);
        Arrays.fill(targets, 0, i, null);
        Arrays.fill(coerced, 0, i, null);
        return false;
      }
      targets[i] = c;
      coerced[i] = placed;
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
        throw errors.nullKey(rs, t.name, c.name);
      }
    }
    if (t.rows++ == 0) {
      withRows.add(t);
    }
    sink.accept(new NormalizedRow(t.name, values));
    return true;
  }

  /**
   * The column that takes value {@code v} of key {@code name} ({@link #placed} is the coerced
   * value), null when the value is not stored, or {@link #ROW_DISCARDED}. A value that does not fit
   * its column goes to a variant column ({@code <name>__v_<type>}).
   */
  private ColumnState place(
      ResourceState rs, TableState t, TableHints hints, boolean isRoot, String name, Object v) {
    if (v instanceof String || v instanceof Long || v instanceof RowId) {
      // lineage value made by the flattener
      ColumnState c = t.byName.get(name);
      placed = v;
      return c != null ? c : addLineageColumn(t, name);
    }
    JsonNode jv = (JsonNode) v;
    if (jv == null || jv.isNull() || jv.isMissingNode()) {
      return null;
    }
    String text = null;
    if (jv.isString()) {
      String raw = jv.stringValue();
      text = Values.sanitize(raw);
      if (text != raw) {
        warnings.add(Kind.INVALID_CHARACTER_REPLACED, t.name, name);
      }
    }
    ColumnState c = t.byName.get(name);
    Object cv;
    if (c == null) {
      Verdict verdict = allow(rs, Entity.COLUMNS, t, t.name, name, jv, null);
      if (verdict != Verdict.EVOLVE) {
        return discard(verdict, t, name);
      }
      FirstValue first = firstValue(jv, text);
      if (first == null) {
        // stored as NULL (1e400): like dlt, only a first stored value creates the column
        warnings.add(Kind.DOUBLE_OUT_OF_RANGE, t.name, name);
        return null;
      }
      ColumnHint hint = hints == null ? null : hints.columns.get(name);
      c = addColumn(t, name, first.type(), isRoot && rs.isPrimaryKey(name), false, hint);
      cv = first.value();
    } else {
      cv = Values.coerce(c.type, jv, text);
      if (cv == Values.FAIL) {
        c = placeInVariant(rs, t, c, jv, text);
        if (c == null || c == ROW_DISCARDED) {
          return c;
        }
        cv = placed;
      }
    }
    if (cv == Values.NULL) {
      warnings.add(Kind.DOUBLE_OUT_OF_RANGE, t.name, c.name);
      cv = null;
    } else if (jv.isBigInteger() && !jv.canConvertToLong()) {
      warnings.add(Kind.HUGE_INTEGER, t.name, c.name);
    } else if (text != null && cv instanceof Double d && !Double.isFinite(d)) {
      warnings.add(Kind.NON_FINITE_DOUBLE, t.name, c.name);
    }
    placed = cv;
    return c;
  }

  /**
   * {@link #place} for a value that does not fit its column {@code c}: the variant column of the
   * value's type takes it, created as the contract allows. Same results as {@link #place}.
   */
  private ColumnState placeInVariant(
      ResourceState rs, TableState t, ColumnState c, JsonNode jv, String text) {
    String variant = c.variantName(Values.typeOf(jv));
    ColumnState vc = t.byName.get(variant);
    if (vc == null) {
      Verdict verdict = allow(rs, Entity.DATA_TYPE, t, t.name, c.name, jv, variant);
      if (verdict != Verdict.EVOLVE) {
        return discard(verdict, t, c.name);
      }
      FirstValue first = firstValue(jv, text);
      if (first == null) {
        warnings.add(Kind.DOUBLE_OUT_OF_RANGE, t.name, variant);
        return null;
      }
      placed = first.value();
      return addColumn(t, variant, first.type(), false, true, null);
    }
    Object cv = Values.coerce(vc.type, jv, text);
    if (cv != Values.FAIL) {
      placed = cv;
      return vc;
    }
    // no further variant exists: only the contract's discard modes keep the load going
    Mode mode = rs.settings.contract().dataType();
    if (mode == Mode.DISCARD_VALUE) {
      return discard(Verdict.DISCARD_VALUE, t, variant);
    }
    if (mode == Mode.DISCARD_ROW) {
      return discard(Verdict.DISCARD_ROW, t, variant);
    }
    throw errors.cannotCoerce(rs, t.name, vc, jv);
  }

  /**
   * What the schema contract allows for a new table ({@code t} null), a new column ({@code variant}
   * null) or a new variant column of {@code column}. Tables created in this load take every column
   * and variant, as in dlt. Throws the violation under {@code freeze}; {@code discard_value} of
   * {@code tables} discards the row, as in dlt.
   */
  private Verdict allow(
      ResourceState rs,
      Entity entity,
      TableState t,
      String table,
      String column,
      JsonNode value,
      String variant) {
    if (t != null && t.createdInLoad) {
      return Verdict.EVOLVE;
    }
    Mode mode = entity.mode(rs.settings.contract());
    return switch (mode) {
      case EVOLVE -> Verdict.EVOLVE;
      case FREEZE -> {
        String what =
            switch (entity) {
              case TABLES -> "new table";
              case COLUMNS -> "new column";
              case DATA_TYPE -> "variant column " + variant;
            };
        throw errors.violation(rs, entity.dltName, mode, table, column, value, what);
      }
      case DISCARD_ROW -> Verdict.DISCARD_ROW;
      case DISCARD_VALUE -> entity == Entity.TABLES ? Verdict.DISCARD_ROW : Verdict.DISCARD_VALUE;
    };
  }

  /** Counts a discard and tells {@link #emit} what to do: drop the value (null) or the row. */
  private ColumnState discard(Verdict verdict, TableState t, String column) {
    if (verdict == Verdict.DISCARD_ROW) {
      warnings.add(Kind.ROW_DISCARDED, t.name, column);
      return ROW_DISCARDED;
    }
    warnings.add(Kind.VALUE_DISCARDED, t.name, column);
    return null;
  }

  /** The type a new column takes from its first value (with detection); null if stored as NULL. */
  private static FirstValue firstValue(JsonNode jv, String text) {
    DataType type = Values.infer(jv, text);
    Object cv = Values.coerce(type, jv, text);
    if (cv == Values.FAIL) {
      // only integers beyond numeric(156,78) get here: keep them as text rather than lose them
      type = DataType.TEXT;
      cv = Values.coerce(type, jv, text);
    }
    return cv == Values.NULL ? null : new FirstValue(type, cv);
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
            : !primaryKey && !DltColumns.LINEAGE.contains(name);
    if (t.columns.size() >= MAX_COLUMNS) {
      throw errors.tooManyColumns(t, name);
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
    DataType type = DltColumns.LIST_IDX.equals(name) ? DataType.BIGINT : DataType.TEXT;
    // an scd2 root's _dlt_id is its row hash: a record deleted and re-inserted repeats it (dlt
    // drops the unique hint there)
    boolean unique =
        DltColumns.ID.equals(name)
            && !(t.parent == null && t.scd2 != null && t.scd2.rowVersion() == null);
    ColumnState c =
        new ColumnState(
            name, t.columns.size(), type, false, unique, false, false, null, null, null);
    t.add(c);
    changes.add(SchemaChange.newColumn(t.name, name, type));
    return c;
  }

  /** Undoes the columns a discarded row added. */
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
}
