package io.flowloader.support.golden;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One table of a golden snapshot.
 *
 * @param parent dlt's parent table, {@code null} for root and system tables
 * @param uniqueConstraints definitions of the UNIQUE constraints, e.g. {@code UNIQUE (_dlt_id)}
 * @param rows JSON objects, keys in column order; ids and load ids as symbols (see the README)
 */
public record ExpectedTable(
    String name,
    String parent,
    List<Column> columns,
    List<String> uniqueConstraints,
    List<JsonNode> rows) {

  /** A column as PostgreSQL reports it ({@code format_type} spelling). */
  public record Column(String name, String type, boolean nullable) {}

  public List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }
}
