package io.flowloader.load;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Compares a dataset read from PostgreSQL with a dlt golden snapshot, following the golden README
 * ("What must match"): tables, ordered columns with type and nullability, UNIQUE constraints and
 * indexes, rows with lineage ids matched symbolically, {@code _dlt_loads} rows, system-table
 * columns. Returns the differences (empty when everything matches).
 */
final class GoldenAssertions {

  private static final Pattern TABLE_SYMBOL = Pattern.compile("<([^<>#:]+)#(\\d+)>");
  private static final Pattern LOAD_SYMBOL = Pattern.compile("<load_id(?:#(\\d+))?>");
  private static final Set<String> SYMBOLIC =
      Set.of(
          "_dlt_id",
          "_dlt_parent_id",
          "_dlt_root_id",
          "_dlt_load_id",
          "load_id",
          "inserted_at",
          "created_at",
          "schema_version_hash",
          "version_hash");
  private static final Set<String> SYSTEM =
      Set.of("_dlt_loads", "_dlt_version", "_dlt_pipeline_state");

  private final List<String> problems = new ArrayList<>();
  private final Map<String, String> idSymbols = new HashMap<>();
  private final Map<String, Object> volatileSymbols = new HashMap<>();

  private GoldenAssertions() {}

  /**
   * @param loadIds the load ids of the runs, in run order ({@code <load_id#N>} is element N-1)
   * @param systemRows whether {@code _dlt_loads} and {@code _dlt_pipeline_state} rows are compared
   */
  static List<String> compare(
      JsonNode expected, DatasetSnapshot actual, List<String> loadIds, boolean systemRows) {
    GoldenAssertions g = new GoldenAssertions();
    g.run(expected.get("tables"), actual, loadIds, systemRows);
    return g.problems;
  }

  private void run(
      JsonNode expectedTables, DatasetSnapshot actual, List<String> loadIds, boolean systemRows) {
    Set<String> expectedNames = new TreeSet<>();
    expectedTables.properties().forEach(e -> expectedNames.add(e.getKey()));
    if (!expectedNames.equals(new TreeSet<>(actual.tables().keySet()))) {
      problems.add("tables: expected " + expectedNames + " but was " + actual.tables().keySet());
    }
    Map<String, List<Map<String, Object>>> ordered = new LinkedHashMap<>();
    for (String name : expectedNames) {
      DatasetSnapshot.Table table = actual.tables().get(name);
      if (table == null) {
        continue;
      }
      compareShape(name, expectedTables.get(name), table);
    }
    // Order rows as the README lists them, parents before children, and bind id symbols.
    List<String> pending = new ArrayList<>(expectedNames);
    pending.removeIf(n -> !actual.tables().containsKey(n));
    while (!pending.isEmpty()) {
      boolean progressed = false;
      for (String name : List.copyOf(pending)) {
        JsonNode parentNode = expectedTables.get(name).get("parent_table");
        String parent = parentNode == null || parentNode.isNull() ? null : parentNode.asString();
        if (parent != null && !ordered.containsKey(parent) && actual.tables().containsKey(parent)) {
          continue;
        }
        List<Map<String, Object>> rows =
            order(name, parent, actual.tables().get(name).rows(), ordered, loadIds);
        ordered.put(name, rows);
        for (int k = 0; k < rows.size(); k++) {
          Object id = rows.get(k).get("_dlt_id");
          if (id != null) {
            idSymbols.put("<" + name + "#" + k + ">", id.toString());
          }
        }
        pending.remove(name);
        progressed = true;
      }
      if (!progressed) {
        problems.add("cannot order tables " + pending);
        break;
      }
    }
    for (Map.Entry<String, List<Map<String, Object>>> e : ordered.entrySet()) {
      String name = e.getKey();
      JsonNode expected = expectedTables.get(name);
      if (name.equals("_dlt_version")) {
        continue; // informative: number and content of schema versions
      }
      if (SYSTEM.contains(name) && !systemRows) {
        continue;
      }
      compareRows(name, expected, e.getValue(), loadIds);
    }
  }

  private void compareShape(String name, JsonNode expected, DatasetSnapshot.Table actual) {
    List<String> exp = new ArrayList<>();
    for (JsonNode c : expected.get("columns")) {
      exp.add(
          c.get("name").asString()
              + " "
              + c.get("type").asString()
              + " "
              + c.get("information_schema_data_type").asString()
              + " "
              + (c.get("character_maximum_length").isNull()
                  ? "-"
                  : c.get("character_maximum_length").asString())
              + (c.get("nullable").asBoolean() ? " NULL" : " NOT NULL"));
    }
    List<String> act = new ArrayList<>();
    for (DatasetSnapshot.Col c : actual.columns()) {
      act.add(
          c.name()
              + " "
              + c.type()
              + " "
              + c.dataType()
              + " "
              + (c.maxLength() == null ? "-" : c.maxLength().toString())
              + (c.nullable() ? " NULL" : " NOT NULL"));
    }
    if (!exp.equals(act)) {
      problems.add(name + ": columns\n  expected " + exp + "\n  but was  " + act);
    }
    Set<String> expCons = new TreeSet<>();
    for (JsonNode c : expected.get("constraints")) {
      expCons.add(
          c.get("name").asString()
              + " "
              + c.get("type").asString()
              + " "
              + c.get("definition").asString());
    }
    Set<String> actCons = new TreeSet<>();
    actual
        .constraints()
        .forEach(c -> actCons.add(c.name() + " " + c.type() + " " + c.definition()));
    if (!expCons.equals(actCons)) {
      problems.add(name + ": constraints expected " + expCons + " but was " + actCons);
    }
    Set<String> expIdx = new TreeSet<>();
    for (JsonNode i : expected.get("indexes")) {
      expIdx.add(i.get("name").asString() + " " + i.get("definition").asString());
    }
    Set<String> actIdx = new TreeSet<>();
    actual.indexes().forEach(i -> actIdx.add(i.name() + " " + i.definition()));
    if (!expIdx.equals(actIdx)) {
      problems.add(name + ": indexes expected " + expIdx + " but was " + actIdx);
    }
  }

  private List<Map<String, Object>> order(
      String name,
      String parent,
      List<Map<String, Object>> rows,
      Map<String, List<Map<String, Object>>> ordered,
      List<String> loadIds) {
    List<Map<String, Object>> sorted = new ArrayList<>(rows);
    switch (name) {
      case "_dlt_loads" -> sorted.sort(Comparator.comparing(r -> r.get("load_id").toString()));
      case "_dlt_version", "_dlt_pipeline_state" ->
          sorted.sort(Comparator.comparing(r -> (Long) r.get("version")));
      default -> {
        if (parent == null) {
          // By load (run order); rows keep their physical (insertion) order within a load.
          sorted.sort(
              Comparator.comparing(r -> loadIds.indexOf(String.valueOf(r.get("_dlt_load_id")))));
        } else {
          Map<String, Integer> parentPos = new HashMap<>();
          List<Map<String, Object>> parents = ordered.getOrDefault(parent, List.of());
          for (int i = 0; i < parents.size(); i++) {
            parentPos.put(String.valueOf(parents.get(i).get("_dlt_id")), i);
          }
          sorted.sort(
              Comparator.<Map<String, Object>>comparingInt(
                      r ->
                          parentPos.getOrDefault(
                              String.valueOf(r.get("_dlt_parent_id")), Integer.MAX_VALUE))
                  .thenComparingLong(r -> ((Number) r.get("_dlt_list_idx")).longValue()));
        }
      }
    }
    return sorted;
  }

  private void compareRows(
      String name, JsonNode expected, List<Map<String, Object>> actual, List<String> loadIds) {
    JsonNode rows = expected.get("rows");
    if (rows.size() != actual.size()) {
      problems.add(name + ": expected " + rows.size() + " rows but was " + actual.size());
      return;
    }
    for (int k = 0; k < rows.size(); k++) {
      JsonNode exp = rows.get(k);
      Map<String, Object> act = actual.get(k);
      for (Map.Entry<String, JsonNode> e : exp.properties()) {
        String column = e.getKey();
        if (name.equals("_dlt_pipeline_state") && column.equals("state")) {
          continue; // informative
        }
        if (!act.containsKey(column)) {
          problems.add(name + "#" + k + ": no column " + column);
          continue;
        }
        String problem = compareValue(column, e.getValue(), act.get(column), loadIds);
        if (problem != null) {
          problems.add(name + "#" + k + "." + column + ": " + problem);
        }
      }
    }
  }

  private String compareValue(String column, JsonNode exp, Object act, List<String> loadIds) {
    if (exp.isNull()) {
      return act == null ? null : "expected NULL but was " + act;
    }
    if (act == null) {
      return "expected " + exp + " but was NULL";
    }
    if (exp.isString() && SYMBOLIC.contains(column)) {
      String s = exp.asString();
      Matcher load = LOAD_SYMBOL.matcher(s);
      if (load.matches()) {
        int n = load.group(1) == null ? 1 : Integer.parseInt(load.group(1));
        String want = n - 1 < loadIds.size() ? loadIds.get(n - 1) : "?";
        return want.equals(act.toString()) ? null : s + " = " + want + " but was " + act;
      }
      Matcher id = TABLE_SYMBOL.matcher(s);
      if (id.matches()) {
        String want = idSymbols.get(s);
        return act.toString().equals(want) ? null : s + " = " + want + " but was " + act;
      }
      if (s.startsWith("<") && s.endsWith(">")) {
        if (s.equals("<timestamp>") || s.equals("<hash>")) {
          return null;
        }
        Object bound = volatileSymbols.putIfAbsent(s, act);
        return bound == null || bound.equals(act)
            ? null
            : s + " was " + bound + " elsewhere but " + act + " here";
      }
    }
    if (act instanceof OffsetDateTime t) {
      OffsetDateTime want = OffsetDateTime.parse(exp.asString());
      return want.toInstant().equals(t.toInstant()) ? null : "expected " + exp + " but was " + t;
    }
    if (exp.isNumber()) {
      if (!(act instanceof Number n)) {
        return "expected number " + exp + " but was " + act;
      }
      if (act instanceof Double d) {
        return Double.compare(exp.asDouble() + 0.0, d + 0.0) == 0
            ? null
            : "expected " + exp + " but was " + d;
      }
      BigDecimal want = exp.decimalValue();
      return want.compareTo(new BigDecimal(n.toString())) == 0
          ? null
          : "expected " + exp + " but was " + act;
    }
    if (exp.isBoolean()) {
      return Boolean.valueOf(exp.asBoolean()).equals(act)
          ? null
          : "expected " + exp + " but was " + act;
    }
    if (exp.isString()) {
      return exp.asString().equals(act.toString()) ? null : "expected " + exp + " but was " + act;
    }
    return "cannot compare " + exp + " with " + act;
  }
}
