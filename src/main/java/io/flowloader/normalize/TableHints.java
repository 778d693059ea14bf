package io.flowloader.normalize;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The column hints of one table of a resource, by column name, in the order written. */
final class TableHints {
  final Map<String, ColumnHint> columns = new LinkedHashMap<>();
  final Set<String> json = new HashSet<>();
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
