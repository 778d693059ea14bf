package io.flowloader.source;

/**
 * dlt's {@code schema_contract} after the source-level and resource-level settings were combined:
 * per entity one of {@code evolve, freeze, discard_row, discard_value}, or null for dlt's default
 * ({@code evolve}).
 */
public record ContractConfig(String tables, String columns, String dataType) {

  /** {@code other}'s entities where it sets them, this one's elsewhere. */
  ContractConfig overriddenBy(ContractConfig other) {
    if (other == null) {
      return this;
    }
    return new ContractConfig(
        other.tables != null ? other.tables : tables,
        other.columns != null ? other.columns : columns,
        other.dataType != null ? other.dataType : dataType);
  }
}
