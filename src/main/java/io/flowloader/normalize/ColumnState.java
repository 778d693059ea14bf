package io.flowloader.normalize;

/** One column and the names of its variants. */
final class ColumnState {
  final String name;
  final int index;
  final DataType type;
  final boolean nullable;
  final boolean unique;
  final boolean primaryKey;
  final boolean variant;
  final Integer precision;
  final Integer scale;
  final Boolean timezone;
  private final String[] variantNames = new String[DataType.values().length];

  ColumnState(
      String name,
      int index,
      DataType type,
      boolean nullable,
      boolean unique,
      boolean primaryKey,
      boolean variant,
      Integer precision,
      Integer scale,
      Boolean timezone) {
    this.name = name;
    this.index = index;
    this.type = type;
    this.nullable = nullable;
    this.unique = unique;
    this.primaryKey = primaryKey;
    this.variant = variant;
    this.precision = precision;
    this.scale = scale;
    this.timezone = timezone;
  }

  String variantName(DataType valueType) {
    String n = variantNames[valueType.ordinal()];
    if (n == null) {
      n = NamingConvention.join(name, "v_" + valueType.dltName());
      variantNames[valueType.ordinal()] = n;
    }
    return n;
  }
}
