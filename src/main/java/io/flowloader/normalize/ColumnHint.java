package io.flowloader.normalize;

/**
 * dlt's column hint on a resource's root table.
 *
 * @param column a column name or dotted source path, normalized like a primary-key entry
 * @param type the column's type, or null when the hint sets only other properties. A typed hint
 *     makes a complete column: it is created with the table, before the data columns, in hint
 *     order, and a {@link DataType#JSON} hint stores that nested object or list as one {@code
 *     jsonb} value instead of flattening it
 * @param nullable null for dlt's default (nullable unless a key)
 */
public record ColumnHint(String column, DataType type, Boolean nullable, boolean primaryKey) {}
