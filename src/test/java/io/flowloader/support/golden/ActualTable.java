package io.flowloader.support.golden;

import java.util.List;
import java.util.Map;

/**
 * A table as an implementation produced it, for {@link GoldenComparator}: from the normalizer's
 * schema and rows, or read back from PostgreSQL ({@code information_schema.columns} with {@code
 * format_type}, and {@code SELECT *}).
 *
 * @param columns in ordinal order
 * @param rows column name → value; values may be String, Long, Integer, BigInteger, BigDecimal,
 *     Double, Boolean, OffsetDateTime, Instant, or (for jsonb) JSON text
 */
public record ActualTable(
    String name,
    String parent,
    List<ExpectedTable.Column> columns,
    List<Map<String, Object>> rows) {

  public List<String> columnNames() {
    return columns.stream().map(ExpectedTable.Column::name).toList();
  }
}
