package io.flowloader.support.golden;

import io.flowloader.support.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset in PostgreSQL against one golden run's data tables, with {@link GoldenComparator}: row
 * order does not matter, and every child {@code _dlt_id} is checked against dlt's formula. The
 * loading tests use it as a second opinion next to their ordered, catalog-level comparison.
 */
public final class PostgresGolden {

  private PostgresGolden() {}

  /**
   * @param caseName the golden case, e.g. {@code v01_flows}
   * @param run the run, from 1
   * @param dataset the dataset's PostgreSQL schema
   * @param loadIds the load ids of the runs so far, in order ({@code <load_id#1>}, …)
   * @return the differences, empty when the dataset matches
   */
  public static List<String> problems(
      String caseName, int run, String dataset, List<String> loadIds) {
    Map<String, ExpectedTable> dataTables = GoldenCase.load(caseName).expectedRun(run).dataTables();
    Map<String, String> parents = new HashMap<>();
    dataTables.values().forEach(t -> parents.put(t.name(), t.parent()));
    Map<String, String> symbols = new HashMap<>();
    for (int i = 0; i < loadIds.size(); i++) {
      symbols.put("<load_id#" + (i + 1) + ">", loadIds.get(i));
    }
    symbols.put("<load_id>", loadIds.get(0));
    try (Connection c = TestDatabase.get().connect()) {
      return new GoldenComparator(symbols)
          .compare(
              dataTables, PostgresSnapshot.read(c, dataset, parents, t -> !t.startsWith("_dlt_")));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
