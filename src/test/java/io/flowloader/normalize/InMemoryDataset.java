package io.flowloader.normalize;

import io.flowloader.support.golden.ActualTable;
import io.flowloader.support.golden.ExpectedTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A dataset held in memory, with dlt's write dispositions applied the simple way
 * (docs/dlt-compatibility.md, "Write dispositions"): the oracle for comparing normalized rows with
 * the golden snapshots without PostgreSQL.
 */
final class InMemoryDataset {

  private final Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
  private Schema schema;

  /** Applies one load: its schema after normalization and its rows, per the root's disposition. */
  void apply(Schema loadSchema, List<NormalizedRow> loadRows) {
    this.schema = loadSchema;
    Map<String, List<Map<String, Object>>> load = new LinkedHashMap<>();
    for (NormalizedRow r : loadRows) {
      TableSchema t = loadSchema.table(r.table());
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < t.columns().size(); i++) {
        row.put(t.columns().get(i).name(), i < r.values().length ? r.values()[i] : null);
      }
      load.computeIfAbsent(r.table(), k -> new ArrayList<>()).add(row);
    }
    for (TableSchema root : loadSchema.tables().values()) {
      if (!root.isRoot() || !load.containsKey(root.name())) {
        continue;
      }
      switch (root.disposition()) {
        case APPEND -> appendAll(load, tree(root.name()));
        case REPLACE -> {
          tree(root.name()).forEach(t -> rows.remove(t));
          appendAll(load, tree(root.name()));
        }
        case MERGE -> merge(root, load);
        case UPSERT -> upsert(root, load);
      }
    }
  }

  private List<String> tree(String root) {
    List<String> out = new ArrayList<>();
    for (TableSchema t : schema.tables().values()) {
      TableSchema cur = t;
      while (cur.parent() != null) {
        cur = schema.table(cur.parent());
      }
      if (cur.name().equals(root)) {
        out.add(t.name());
      }
    }
    return out;
  }

  private void appendAll(Map<String, List<Map<String, Object>>> load, List<String> tables) {
    for (String t : tables) {
      rows.computeIfAbsent(t, k -> new ArrayList<>()).addAll(load.getOrDefault(t, List.of()));
    }
  }

  /** delete-insert: replace every root whose key is in the load, with its children. */
  private void merge(TableSchema root, Map<String, List<Map<String, Object>>> load) {
    List<String> pk = root.columns().stream().filter(Column::primaryKey).map(Column::name).toList();
    Map<List<Object>, Map<String, Object>> lastPerKey = new LinkedHashMap<>();
    for (Map<String, Object> r : load.get(root.name())) {
      lastPerKey.put(key(r, pk), r);
    }
    Set<Object> deletedRootIds = new HashSet<>();
    List<Map<String, Object>> existing = rows.computeIfAbsent(root.name(), k -> new ArrayList<>());
    existing.removeIf(
        r -> {
          if (lastPerKey.containsKey(key(r, pk))) {
            deletedRootIds.add(r.get("_dlt_id"));
            return true;
          }
          return false;
        });
    Set<Object> insertedRootIds = new HashSet<>();
    for (Map<String, Object> r : lastPerKey.values()) {
      existing.add(r);
      insertedRootIds.add(r.get("_dlt_id"));
    }
    for (String t : tree(root.name())) {
      if (t.equals(root.name())) {
        continue;
      }
      List<Map<String, Object>> children = rows.computeIfAbsent(t, k -> new ArrayList<>());
      children.removeIf(r -> deletedRootIds.contains(r.get("_dlt_root_id")));
      for (Map<String, Object> r : load.getOrDefault(t, List.of())) {
        if (insertedRootIds.contains(r.get("_dlt_root_id"))) {
          children.add(r);
        }
      }
    }
  }

  /**
   * upsert: roots and children merged on {@code _dlt_id}; children of loaded roots not in the load
   * go.
   */
  private void upsert(TableSchema root, Map<String, List<Map<String, Object>>> load) {
    Set<Object> loadedRootIds = new HashSet<>();
    for (Map<String, Object> r : load.get(root.name())) {
      loadedRootIds.add(r.get("_dlt_id"));
    }
    for (String t : tree(root.name())) {
      List<Map<String, Object>> existing = rows.computeIfAbsent(t, k -> new ArrayList<>());
      Map<Object, Map<String, Object>> incoming = new LinkedHashMap<>();
      for (Map<String, Object> r : load.getOrDefault(t, List.of())) {
        incoming.put(r.get("_dlt_id"), r);
      }
      boolean isRoot = t.equals(root.name());
      if (!isRoot) {
        existing.removeIf(
            r ->
                loadedRootIds.contains(r.get("_dlt_root_id"))
                    && !incoming.containsKey(r.get("_dlt_id")));
      }
      for (int i = 0; i < existing.size(); i++) {
        Map<String, Object> replacement = incoming.remove(existing.get(i).get("_dlt_id"));
        if (replacement != null) {
          existing.set(i, replacement);
        }
      }
      existing.addAll(incoming.values());
    }
  }

  private static List<Object> key(Map<String, Object> row, List<String> pk) {
    List<Object> key = new ArrayList<>(pk.size());
    for (String c : pk) {
      key.add(row.get(c));
    }
    return key;
  }

  /** The data tables as {@link ActualTable}s for {@code GoldenComparator}. */
  Map<String, ActualTable> tables() {
    Map<String, ActualTable> out = new LinkedHashMap<>();
    for (TableSchema t : schema.tables().values()) {
      List<ExpectedTable.Column> columns = new ArrayList<>();
      for (Column c : t.columns()) {
        columns.add(new ExpectedTable.Column(c.name(), c.type().formatType(), c.nullable()));
      }
      List<Map<String, Object>> tableRows = new ArrayList<>();
      for (Map<String, Object> r : rows.getOrDefault(t.name(), List.of())) {
        Map<String, Object> full = new HashMap<>();
        for (Column c : t.columns()) {
          full.put(c.name(), r.get(c.name()));
        }
        tableRows.add(full);
      }
      out.put(t.name(), new ActualTable(t.name(), t.parent(), columns, tableRows));
    }
    return out;
  }
}
