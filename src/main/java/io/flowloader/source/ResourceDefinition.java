package io.flowloader.source;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One resource after {@code resource_defaults} were merged in. {@code primaryKey} entries are JSON
 * paths into the record ({@code id.id}); the table column is the dlt-normalised name ({@code
 * id__id}). {@code parent} is the resource named by the {@code {resources.<parent>.<field>}}
 * placeholders, or null for a top-level resource. {@code mergeStrategy} is set for {@link
 * Disposition#MERGE} only (dlt's {@code {disposition: merge, strategy: …}} form, default {@code
 * delete-insert}), else null. {@code maxTableNesting} and {@code schemaContract} already include
 * the source-level settings. With strategy {@code scd2}, {@code scd2} holds its options and {@code
 * mergeKey} dlt's {@code merge_key} (the natural key of incremental inputs), else both are empty.
 * {@code nestedColumns} are dlt's {@code nested_hints}: column hints of nested tables keyed by the
 * nested table's path below the root as source field names ({@code [stateEntries]}).
 */
public record ResourceDefinition(
    String name,
    EndpointConfig endpoint,
    List<String> primaryKey,
    Disposition writeDisposition,
    MergeStrategy mergeStrategy,
    String tableName,
    boolean selected,
    Integer maxTableNesting,
    List<String> includeFromParent,
    List<ProcessingStep> processingSteps,
    String parent,
    List<ColumnHint> columns,
    ContractConfig schemaContract,
    List<String> mergeKey,
    Scd2Config scd2,
    Map<List<String>, List<ColumnHint>> nestedColumns) {
  public ResourceDefinition {
    nestedColumns =
        nestedColumns == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(nestedColumns));
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

  /** dlt's {@code write_disposition}. */
  public enum Disposition {
    @JsonProperty("append")
    APPEND,
    @JsonProperty("replace")
    REPLACE,
    @JsonProperty("merge")
    MERGE;

    /** The name as dlt writes it. */
    public String dltName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** dlt's merge strategies. */
  public enum MergeStrategy {
    @JsonProperty("delete-insert")
    DELETE_INSERT,
    @JsonProperty("upsert")
    UPSERT,
    @JsonProperty("scd2")
    SCD2
  }
}
