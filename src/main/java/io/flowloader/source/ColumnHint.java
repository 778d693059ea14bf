package io.flowloader.source;

/**
 * One entry of a resource's {@code columns} (dlt's column hints) as written in the source
 * definition. {@code name} is a column name or a dotted source path ({@code log.entries}), both
 * normalized to the column name ({@code log__entries}) the same way as {@code primary_key}.
 *
 * @param dataType dlt's data type ({@code text, bigint, double, bool, timestamp, decimal, json}),
 *     or null when the hint only changes other properties; a typed hint creates the column with the
 *     table, before the data columns, as dlt does
 * @param nullable null keeps dlt's default (nullable unless a key)
 * @param primaryKey part of the primary key, like naming it in {@code primary_key}
 * @param mergeKey part of the merge key, like naming it in the resource's {@code merge_key} (scd2
 *     only)
 * @param precision dlt's {@code precision} (text length, bigint bits, timestamp fractional-second
 *     digits, decimal digits), or null for the type's default
 * @param scale dlt's {@code scale} of a decimal, or null
 * @param timezone dlt's {@code timezone} of a timestamp (false: without time zone), or null
 */
public record ColumnHint(
    String name,
    String dataType,
    Boolean nullable,
    boolean primaryKey,
    boolean mergeKey,
    Integer precision,
    Integer scale,
    Boolean timezone) {

  public ColumnHint(String name, String dataType, Boolean nullable, boolean primaryKey) {
    this(name, dataType, nullable, primaryKey, false, null, null, null);
  }
}
