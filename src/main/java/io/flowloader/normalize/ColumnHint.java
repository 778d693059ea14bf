package io.flowloader.normalize;

/**
 * dlt's column hint on one table of a resource: its root table ({@link ResourceSettings#columns()})
 * or a nested table ({@link ResourceSettings#nestedColumns()}).
 *
 * @param column a column name or dotted source path, normalized like a primary-key entry
 * @param type the column's type, or null when the hint sets only other properties. A typed hint
 *     makes a complete column: it is created with the table, before the data columns, in hint
 *     order, and a {@link DataType#JSON} hint stores that nested object or list as one {@code
 *     jsonb} value instead of flattening it
 * @param nullable null for dlt's default (nullable unless a key)
 * @param precision dlt's {@code precision} (length of text, bits of bigint, fractional-second
 *     digits of timestamp and time, digits of decimal), or null for the type's default
 * @param scale dlt's {@code scale} of a decimal, or null for the default
 * @param timezone dlt's {@code timezone} of a timestamp: false stores it without time zone; null
 *     for dlt's default (with time zone)
 */
public record ColumnHint(
    String column,
    DataType type,
    Boolean nullable,
    boolean primaryKey,
    Integer precision,
    Integer scale,
    Boolean timezone) {

  public ColumnHint(String column, DataType type, Boolean nullable, boolean primaryKey) {
    this(column, type, nullable, primaryKey, null, null, null);
  }
}
