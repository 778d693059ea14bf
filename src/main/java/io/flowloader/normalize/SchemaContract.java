package io.flowloader.normalize;

import java.util.Locale;

/**
 * dlt's schema contract of a resource: what happens when a record would create a new table, a new
 * column in an existing table, or a variant column (a value that cannot be coerced into its
 * column's type).
 *
 * <ul>
 *   <li>{@code EVOLVE}: the schema changes (default);
 *   <li>{@code FREEZE}: the load is rejected with a {@link NormalizeException};
 *   <li>{@code DISCARD_ROW}: the row (and its child rows) is dropped;
 *   <li>{@code DISCARD_VALUE}: the value is dropped, the row kept. For {@code tables} this is the
 *       same as {@code DISCARD_ROW}, as in dlt.
 * </ul>
 *
 * New tables always take all their columns: the {@code columns} and {@code dataType} settings only
 * apply to tables that already exist, as in dlt.
 */
public record SchemaContract(Mode tables, Mode columns, Mode dataType) {

  /** One contract mode, spelled as dlt spells it in {@link #dltName()}. */
  public enum Mode {
    EVOLVE,
    FREEZE,
    DISCARD_ROW,
    DISCARD_VALUE;

    public String dltName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses dlt's spelling ({@code discard_row}) or the enum name. */
    public static Mode parse(String text) {
      return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }

  public static final SchemaContract EVOLVE =
      new SchemaContract(Mode.EVOLVE, Mode.EVOLVE, Mode.EVOLVE);

  public SchemaContract {
    tables = tables == null ? Mode.EVOLVE : tables;
    columns = columns == null ? Mode.EVOLVE : columns;
    dataType = dataType == null ? Mode.EVOLVE : dataType;
  }

  /** The same mode for all three entities, like dlt's {@code schema_contract="freeze"}. */
  public static SchemaContract all(Mode mode) {
    return new SchemaContract(mode, mode, mode);
  }
}
