package io.flowloader.support.golden;

import io.flowloader.normalize.DltIds;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares an implementation's data tables with a golden snapshot as the golden README says: same
 * tables, parents, ordered column names, PostgreSQL types and nullability, and the same rows with
 * values equal (timestamps as instants at microsecond precision, doubles numerically) and lineage
 * ids consistent with the snapshot's symbols. Child {@code _dlt_id}s are also checked against dlt's
 * formula.
 *
 * <p>Root rows are matched by content (all non-lineage values plus the load id); child rows by
 * their parent and {@code _dlt_list_idx}. Row order does not matter.
 *
 * <p>Usage: {@code new GoldenComparator(Map.of("<load_id#1>", actualLoadId1, …))
 * .compare(expectedRun.dataTables(), actualTables)} returns the list of differences (empty when
 * equal).
 */
public final class GoldenComparator {

  private static final Set<String> LINEAGE =
      Set.of("_dlt_id", "_dlt_parent_id", "_dlt_root_id", "_dlt_load_id", "_dlt_list_idx");
  private static final JsonMapper MAPPER = JsonMapper.shared();

  private final Map<String, String> loadIds;
  private final Map<String, String> symbols = new HashMap<>();
  private final List<String> problems = new ArrayList<>();

  /**
   * @param loadIds load-id symbol ({@code <load_id>}, {@code <load_id#2>}) → the actual load id
   */
  public GoldenComparator(Map<String, String> loadIds) {
    this.loadIds = Map.copyOf(loadIds);
  }

  /** Returns every difference found; empty means the tables match. */
  public List<String> compare(
      Map<String, ExpectedTable> expected, Map<String, ActualTable> actual) {
    problems.clear();
    symbols.clear();
    if (!expected.keySet().equals(actual.keySet())) {
      Set<String> missing = new LinkedHashSet<>(expected.keySet());
      missing.removeAll(actual.keySet());
      Set<String> extra = new LinkedHashSet<>(actual.keySet());
      extra.removeAll(expected.keySet());
      problems.add("tables differ: missing " + missing + ", unexpected " + extra);
    }
    List<ExpectedTable> ordered = new ArrayList<>(expected.values());
    ordered.sort(Comparator.comparingInt(t -> depth(t, expected)));
    for (ExpectedTable e : ordered) {
      ActualTable a = actual.get(e.name());
      if (a != null) {
        compareTable(e, a);
      }
    }
    return List.copyOf(problems);
  }

  private static int depth(ExpectedTable t, Map<String, ExpectedTable> all) {
    int d = 0;
    ExpectedTable current = t;
    while (current != null && current.parent() != null) {
      d++;
      current = all.get(current.parent());
    }
    return d;
  }

  private void compareTable(ExpectedTable e, ActualTable a) {
    String t = e.name();
    if (!Objects.equals(e.parent(), a.parent())) {
      problems.add(t + ": parent " + a.parent() + ", expected " + e.parent());
    }
    if (!e.columns().equals(a.columns())) {
      problems.add(t + ": columns\n   actual   " + a.columns() + "\n   expected " + e.columns());
      if (!e.columnNames().equals(a.columnNames())) {
        return;
      }
    }
    if (e.rows().size() != a.rows().size()) {
      problems.add(t + ": " + a.rows().size() + " rows, expected " + e.rows().size());
    }
    Map<String, String> types = new HashMap<>();
    e.columns().forEach(c -> types.put(c.name(), c.type()));
    boolean child = e.parent() != null;
    boolean[] used = new boolean[a.rows().size()];
    for (int k = 0; k < e.rows().size(); k++) {
      JsonNode exp = e.rows().get(k);
      int match = -1;
      for (int i = 0; i < a.rows().size() && match < 0; i++) {
        if (!used[i] && matches(exp, a.rows().get(i), types, child)) {
          match = i;
        }
      }
      if (match < 0) {
        problems.add(t + ": no row matches expected row " + k + ": " + exp + nearest(exp, a, used));
        continue;
      }
      used[match] = true;
      Map<String, Object> act = a.rows().get(match);
      bind(t, exp.path("_dlt_id"), act.get("_dlt_id"));
      if (child) {
        Object parent = act.get("_dlt_parent_id");
        Object idx = act.get("_dlt_list_idx");
        Object id = act.get("_dlt_id");
        if (parent != null && idx != null && id != null) {
          String formula = DltIds.childId(parent.toString(), t, ((Number) idx).intValue());
          if (!formula.equals(id)) {
            problems.add(
                t
                    + ": row "
                    + k
                    + " _dlt_id "
                    + id
                    + " breaks the child formula ("
                    + formula
                    + ")");
          }
        }
      }
    }
  }

  private String nearest(JsonNode exp, ActualTable a, boolean[] used) {
    for (int i = 0; i < a.rows().size(); i++) {
      if (!used[i]) {
        return "\n   first unmatched actual row: " + a.rows().get(i);
      }
    }
    return "";
  }

  private boolean matches(
      JsonNode exp, Map<String, Object> act, Map<String, String> types, boolean child) {
    for (Map.Entry<String, JsonNode> e : exp.properties()) {
      String column = e.getKey();
      JsonNode ev = e.getValue();
      Object av = act.get(column);
      switch (column) {
        case "_dlt_id" -> {
          if (!isSymbol(ev) && !ev.asString().equals(String.valueOf(av))) {
            return false;
          }
          if (isSymbol(ev)
              && symbols.containsKey(ev.asString())
              && !symbols.get(ev.asString()).equals(av)) {
            return false;
          }
        }
        case "_dlt_parent_id", "_dlt_root_id" -> {
          if (!Objects.equals(resolve(ev), av == null ? null : av.toString())) {
            return false;
          }
        }
        case "_dlt_load_id" -> {
          String want = ev.isNull() ? null : loadIds.getOrDefault(ev.asString(), ev.asString());
          if (!Objects.equals(want, av == null ? null : av.toString())) {
            return false;
          }
        }
        default -> {
          if (!valueEquals(types.get(column), ev, av)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private void bind(String table, JsonNode expectedId, Object actualId) {
    if (!isSymbol(expectedId) || actualId == null) {
      return;
    }
    String previous = symbols.putIfAbsent(expectedId.asString(), actualId.toString());
    if (previous != null && !previous.equals(actualId.toString())) {
      problems.add(table + ": symbol " + expectedId.asString() + " bound to two ids");
    }
  }

  private String resolve(JsonNode ev) {
    if (ev == null || ev.isNull()) {
      return null;
    }
    String s = ev.asString();
    return isSymbol(ev) ? symbols.getOrDefault(s, "<unbound " + s + ">") : s;
  }

  private static boolean isSymbol(JsonNode v) {
    if (v == null || !v.isString()) {
      return false;
    }
    String s = v.asString();
    return s.startsWith("<") && s.endsWith(">");
  }

  /** Value equality by PostgreSQL type, as the golden README defines it. */
  public static boolean valueEquals(String type, JsonNode expected, Object actual) {
    if (expected == null || expected.isNull()) {
      return actual == null;
    }
    if (actual == null) {
      return false;
    }
    String t = type == null ? "" : type;
    if (t.startsWith("timestamp")) {
      Instant want = OffsetDateTime.parse(expected.asString()).toInstant();
      Instant got = instant(actual);
      return got != null
          && want.truncatedTo(ChronoUnit.MICROS).equals(got.truncatedTo(ChronoUnit.MICROS));
    }
    if (t.equals("double precision") || t.equals("real")) {
      double want =
          expected.isNumber() ? expected.doubleValue() : Double.parseDouble(expected.asString());
      double got = ((Number) actual).doubleValue();
      return want == got || (Double.isNaN(want) && Double.isNaN(got));
    }
    if (t.equals("bigint")
        || t.equals("integer")
        || t.equals("smallint")
        || t.startsWith("numeric")) {
      return expected.isNumber() && decimal(expected).compareTo(decimal(actual)) == 0;
    }
    if (t.equals("boolean")) {
      return expected.isBoolean() && actual instanceof Boolean b && b == expected.booleanValue();
    }
    if (t.equals("jsonb") || t.equals("json")) {
      JsonNode got = MAPPER.readTree(actual.toString());
      JsonNode want = expected.isString() ? MAPPER.readTree(expected.asString()) : expected;
      return want.equals(got);
    }
    return expected.isString() && expected.asString().equals(actual.toString());
  }

  private static BigDecimal decimal(JsonNode n) {
    return n.isIntegralNumber() ? new BigDecimal(n.bigIntegerValue()) : n.decimalValue();
  }

  private static BigDecimal decimal(Object o) {
    if (o instanceof BigDecimal d) {
      return d;
    }
    if (o instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (o instanceof Long || o instanceof Integer || o instanceof Short) {
      return BigDecimal.valueOf(((Number) o).longValue());
    }
    return new BigDecimal(o.toString());
  }

  private static Instant instant(Object o) {
    if (o instanceof OffsetDateTime odt) {
      return odt.toInstant();
    }
    if (o instanceof Instant i) {
      return i;
    }
    if (o instanceof ZonedDateTime z) {
      return z.toInstant();
    }
    if (o instanceof String s) {
      return OffsetDateTime.parse(s).toInstant();
    }
    return null;
  }
}
