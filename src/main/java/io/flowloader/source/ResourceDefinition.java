package io.flowloader.source;

import java.util.List;

/**
 * One resource after {@code resource_defaults} were merged in. {@code primaryKey} entries are JSON
 * paths into the record ({@code id.id}); the table column is the dlt-normalised name ({@code
 * id__id}). {@code parent} is the resource named by the {@code {resources.<parent>.<field>}}
 * placeholders, or null for a top-level resource. {@code writeDisposition} is {@code append},
 * {@code replace} or {@code merge}; {@code mergeStrategy} is {@code delete-insert} or {@code
 * upsert} for {@code merge} (dlt's {@code {disposition: merge, strategy: …}} form), else null.
 * {@code maxTableNesting} and {@code schemaContract} already include the source-level settings.
 * {@code mergeStrategy} may also be {@code scd2}; then {@code scd2} holds its options and {@code
 * mergeKey} dlt's {@code merge_key} (the natural key of incremental inputs), else both are empty.
 */
public record ResourceDefinition(
    String name,
    EndpointConfig endpoint,
    List<String> primaryKey,
    String writeDisposition,
    String mergeStrategy,
    String tableName,
    boolean selected,
    Integer maxTableNesting,
    List<String> includeFromParent,
    List<ProcessingStep> processingSteps,
    String parent,
    List<ColumnHint> columns,
    ContractConfig schemaContract,
    List<String> mergeKey,
    Scd2Config scd2) {
  public ResourceDefinition {
    mergeKey = mergeKey == null ? List.of() : List.copyOf(mergeKey);
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    includeFromParent = List.copyOf(includeFromParent);
    processingSteps = List.copyOf(processingSteps);
  }

  /** The table the records go to: {@code table_name}, else the resource name. */
  public String table() {
    return tableName != null ? tableName : name;
  }
}
