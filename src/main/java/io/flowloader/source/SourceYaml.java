package io.flowloader.source;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A source definition as written, bound by Jackson (snake_case keys) after {@link SourceSchema}
 * checked it and {@link SourceLayers} brought every shorthand into its long form: a resource is a
 * mapping, {@code endpoint}, {@code paginator}, {@code write_disposition} and {@code
 * schema_contract} are mappings, {@code columns} and {@code nested_hints} are lists. {@link
 * SourceRules} turns it into a {@link SourceDefinition}.
 */
final class SourceYaml {

  private SourceYaml() {}

  record Document(
      Client client, List<Resource> resources, Contract schemaContract, Integer maxTableNesting) {}

  record Client(String baseUrl, Auth auth, Map<String, String> headers, Paginator paginator) {}

  record Auth(
      String type,
      String name,
      String apiKey,
      String location,
      String token,
      String username,
      String password) {}

  record Paginator(
      String type,
      Integer maxPages,
      String pageParam,
      Integer basePage,
      Integer page,
      String totalPath,
      String totalKind,
      Integer maximumPage,
      Boolean stopAfterEmptyPage,
      String offsetParam,
      String limitParam,
      Integer offset,
      Integer limit,
      Integer maximumOffset,
      String nextUrlPath,
      String linksNextKey,
      String cursorPath,
      String cursorParam,
      String cursorBodyPath) {}

  record Resource(
      String name,
      Endpoint endpoint,
      List<String> primaryKey,
      List<String> mergeKey,
      WriteDisposition writeDisposition,
      String tableName,
      Boolean selected,
      Integer maxTableNesting,
      List<String> includeFromParent,
      List<Step> processingSteps,
      List<Hint> columns,
      List<NestedHints> nestedHints,
      Contract schemaContract) {}

  record Endpoint(
      String path,
      String method,
      Map<String, String> params,
      JsonNode json,
      Map<String, String> headers,
      String dataSelector,
      Paginator paginator,
      Incremental incremental,
      List<Action> responseActions) {}

  record Incremental(
      String cursorPath,
      String initialValue,
      String endValue,
      String lag,
      String step,
      String startParam,
      String endParam,
      String parentVersionPath) {}

  record Action(Integer statusCode, String content, String action) {}

  record Step(String type, String field, String into) {}

  record WriteDisposition(
      ResourceDefinition.Disposition disposition,
      ResourceDefinition.MergeStrategy strategy,
      List<String> validityColumnNames,
      String activeRecordTimestamp,
      String boundaryTimestamp,
      String rowVersionColumnName) {}

  record Contract(String tables, String columns, String dataType) {}

  record Hint(
      String name,
      String dataType,
      Boolean nullable,
      Boolean primaryKey,
      Boolean mergeKey,
      Integer precision,
      Integer scale,
      Boolean timezone) {}

  /** One entry of {@code nested_hints}; {@code where} is its YAML path for messages. */
  record NestedHints(List<String> path, List<Hint> columns, String where) {}
}
