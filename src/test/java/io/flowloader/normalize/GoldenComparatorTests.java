package io.flowloader.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.support.golden.ActualTable;
import io.flowloader.support.golden.ExpectedRun;
import io.flowloader.support.golden.ExpectedTable;
import io.flowloader.support.golden.GoldenCase;
import io.flowloader.support.golden.GoldenComparator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The golden comparison must fail on wrong values, column order, types and ids. */
class GoldenComparatorTests {

  private GoldenCase golden;
  private InMemoryDataset dataset;
  private String loadId;

  @BeforeEach
  void normalizeV07() {
    golden = GoldenCase.load("v07_lists");
    loadId = LoadId.next();
    Normalizer normalizer =
        new Normalizer(
            Schema.empty("boomi_flow"), loadId, Map.of(golden.resource(), golden.settings()));
    List<NormalizedRow> rows = new ArrayList<>();
    for (JsonNode record : golden.records(1)) {
      normalizer.normalize(golden.resource(), record, rows::add);
    }
    dataset = new InMemoryDataset();
    dataset.apply(normalizer.schema(), rows);
  }

  private List<String> compare(UnaryOperator<Map<String, ActualTable>> change) {
    ExpectedRun run = golden.expectedRun(1);
    Map<String, ActualTable> actual = change.apply(new LinkedHashMap<>(dataset.tables()));
    return new GoldenComparator(Map.of(run.loadIdSymbol(), loadId))
        .compare(run.dataTables(), actual);
  }

  @Test
  void unchangedOutputMatches() {
    assertThat(compare(t -> t)).isEmpty();
  }

  @Test
  void wrongLoadIdIsFound() {
    ExpectedRun run = golden.expectedRun(1);
    assertThat(
            new GoldenComparator(Map.of(run.loadIdSymbol(), "1.5"))
                .compare(run.dataTables(), dataset.tables()))
        .isNotEmpty();
  }

  @Test
  void changedValueIsFound() {
    assertThat(compare(t -> withRow(t, "lists__tags", 0, "value", "zzz"))).isNotEmpty();
  }

  @Test
  void brokenChildIdIsFound() {
    assertThat(compare(t -> withRow(t, "lists__tags", 1, "_dlt_id", "AAAAAAAAAAAAAA")))
        .isNotEmpty();
  }

  @Test
  void wrongTypeOrOrderIsFound() {
    assertThat(
            compare(
                t -> {
                  ActualTable a = t.get("lists");
                  List<ExpectedTable.Column> cols = new ArrayList<>(a.columns());
                  cols.set(0, new ExpectedTable.Column("id", "double precision", true));
                  t.put("lists", new ActualTable(a.name(), a.parent(), cols, a.rows()));
                  return t;
                }))
        .isNotEmpty();
    assertThat(
            compare(
                t -> {
                  ActualTable a = t.get("lists");
                  List<ExpectedTable.Column> cols = new ArrayList<>(a.columns());
                  cols.add(0, cols.remove(cols.size() - 1));
                  t.put("lists", new ActualTable(a.name(), a.parent(), cols, a.rows()));
                  return t;
                }))
        .isNotEmpty();
  }

  @Test
  void missingTableIsFound() {
    assertThat(
            compare(
                t -> {
                  t.remove("lists__flags");
                  return t;
                }))
        .isNotEmpty();
  }

  private static Map<String, ActualTable> withRow(
      Map<String, ActualTable> tables, String table, int row, String column, Object value) {
    ActualTable a = tables.get(table);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map<String, Object> r : a.rows()) {
      rows.add(new HashMap<>(r));
    }
    // rows are in production order: the k-th row of the first record's list
    rows.get(row).put(column, value);
    tables.put(table, new ActualTable(a.name(), a.parent(), a.columns(), rows));
    return tables;
  }
}
