package io.flowloader.source;

import io.flowloader.source.ResourceDefinition.Disposition;
import io.flowloader.source.ResourceDefinition.MergeStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Turns a bound, schema-checked {@link SourceYaml.Document} into a {@link SourceDefinition}: fills
 * dlt's defaults and applies the rules that span several keys (parents from placeholders, keys a
 * disposition needs, options only some settings take). Every problem goes to {@link SourceChecks}.
 */
final class SourceRules {

  private final SourceChecks checks;
  private final HintRules hints;
  private ContractConfig sourceContract = new ContractConfig(null, null, null);
  private Integer sourceNesting;

  SourceRules(SourceChecks checks) {
    this.checks = checks;
    this.hints = new HintRules(checks);
  }

  SourceDefinition definition(SourceYaml.Document doc) {
    sourceContract = sourceContract.overriddenBy(contract(doc.schemaContract()));
    sourceNesting = doc.maxTableNesting();
    ClientConfig client = client(doc.client());
    Map<String, ResourceDefinition> byName = new LinkedHashMap<>();
    List<SourceYaml.Resource> resources = doc.resources() == null ? List.of() : doc.resources();
    for (int i = 0; i < resources.size(); i++) {
      SourceYaml.Resource r = resources.get(i);
      if (r == null || r.name() == null) {
        continue; // the schema reported it
      }
      String where = "resources[" + i + "] (" + r.name() + ")";
      ResourceDefinition definition = resource(r, where, client);
      if (byName.putIfAbsent(definition.name(), definition) != null) {
        checks.add("resources[" + i + "]: duplicate resource name '" + r.name() + "'");
      }
    }
    return new SourceDefinition(client, ResourceOrder.of(byName, checks));
  }

  private ClientConfig client(SourceYaml.Client c) {
    PaginatorConfig single = new PaginatorConfig.SinglePage(PaginatorConfig.DEFAULT_MAX_PAGES);
    if (c == null) {
      return new ClientConfig("", null, Map.of(), single);
    }
    String baseUrl = Objects.requireNonNullElse(c.baseUrl(), "");
    checks.checkPlaceholders("client.base_url", baseUrl, null);
    Map<String, String> headers = strings(c.headers());
    headers.forEach((k, v) -> checks.checkPlaceholders("client.headers." + k, v, null));
    PaginatorConfig paginator =
        c.paginator() == null
            ? single
            : PaginatorRules.paginator(c.paginator(), "client.paginator", checks);
    return new ClientConfig(baseUrl, auth(c.auth()), headers, paginator);
  }

  private AuthConfig auth(SourceYaml.Auth a) {
    if (a == null || a.type() == null) {
      return null;
    }
    List.of(
            Map.entry("name", Objects.toString(a.name(), "")),
            Map.entry("api_key", Objects.toString(a.apiKey(), "")),
            Map.entry("token", Objects.toString(a.token(), "")),
            Map.entry("username", Objects.toString(a.username(), "")),
            Map.entry("password", Objects.toString(a.password(), "")))
        .forEach(e -> checks.checkPlaceholders("client.auth." + e.getKey(), e.getValue(), null));
    return switch (a.type()) {
      case "api_key" ->
          new AuthConfig.ApiKey(
              a.name(),
              a.apiKey(),
              "query".equalsIgnoreCase(a.location())
                  ? AuthConfig.Location.QUERY
                  : AuthConfig.Location.HEADER);
      case "bearer" -> new AuthConfig.Bearer(a.token());
      default -> new AuthConfig.HttpBasic(a.username(), a.password());
    };
  }

  private ResourceDefinition resource(SourceYaml.Resource r, String where, ClientConfig client) {
    String ew = where + ".endpoint";
    SourceYaml.Endpoint e = r.endpoint();
    String path = e == null ? "" : Objects.requireNonNullElse(e.path(), "");
    Map<String, String> params = strings(e == null ? null : e.params());
    Map<String, String> headers = strings(e == null ? null : e.headers());
    JsonNode json = e == null || e.json() == null || e.json().isNull() ? null : e.json();
    IncrementalConfig incremental =
        e == null || e.incremental() == null
            ? null
            : incremental(e.incremental(), ew + ".incremental");
    String parent = parent(r.name(), where, path, params, headers, json);
    checks.checkPlaceholders(ew + ".path", path, incremental);
    params.forEach((k, v) -> checks.checkPlaceholders(ew + ".params." + k, v, incremental));
    headers.forEach((k, v) -> checks.checkPlaceholders(ew + ".headers." + k, v, incremental));
    if (json != null) {
      checks.checkPlaceholders(ew + ".json", json.toString(), incremental);
    }
    EndpointConfig endpoint =
        new EndpointConfig(
            path,
            e == null || e.method() == null ? "GET" : e.method().toUpperCase(Locale.ROOT),
            params,
            json,
            headers,
            e == null ? null : checks.path(e.dataSelector(), ew + ".data_selector"),
            e == null || e.paginator() == null
                ? client.paginator()
                : PaginatorRules.paginator(e.paginator(), ew + ".paginator", checks),
            incremental,
            e == null ? List.of() : actions(e.responseActions()));

    List<String> primaryKey = names(r.primaryKey(), where + ".primary_key");
    SourceYaml.WriteDisposition wd = r.writeDisposition();
    Disposition disposition =
        wd == null || wd.disposition() == null ? Disposition.APPEND : wd.disposition();
    MergeStrategy strategy =
        disposition != Disposition.MERGE
            ? null
            : wd.strategy() == null ? MergeStrategy.DELETE_INSERT : wd.strategy();
    Scd2Config scd2 =
        strategy == MergeStrategy.SCD2 ? scd2(wd, where + ".write_disposition") : null;
    List<ColumnHint> columns = hints.columns(r.columns(), where + ".columns");
    List<String> mergeKey = new ArrayList<>(names(r.mergeKey(), where + ".merge_key"));
    // dlt's merge_key column hint ({customer_key: {merge_key: true}}) joins the resource's list
    columns.stream()
        .filter(ColumnHint::mergeKey)
        .map(ColumnHint::name)
        .filter(n -> !mergeKey.contains(n))
        .forEach(mergeKey::add);
    List<String> fromParent = names(r.includeFromParent(), where + ".include_from_parent");

    if (!mergeKey.isEmpty() && scd2 == null) {
      checks.add(
          where
              + ".merge_key: supported only with write_disposition {disposition: merge, strategy:"
              + " scd2} (dlt's merge_key for delete-insert is not implemented)");
    }
    if (disposition == Disposition.MERGE
        && primaryKey.isEmpty()
        && strategy != MergeStrategy.SCD2) {
      checks.add(
          where
              + ": write_disposition merge needs a primary_key (strategy "
              + strategy.name().toLowerCase(Locale.ROOT).replace('_', '-')
              + ")");
    }
    if (!fromParent.isEmpty() && parent == null) {
      checks.add(where + ".include_from_parent: only a child resource has a parent");
    }
    if (incremental != null && incremental.parentVersionPath() != null && parent == null) {
      checks.add(ew + ".incremental.parent_version_path: only a child resource has a parent");
    }
    if (incremental != null && incremental.cursorPath() != null && primaryKey.isEmpty()) {
      checks.add(where + ": an incremental cursor needs a primary_key for boundary dedup");
    }
    return new ResourceDefinition(
        r.name(),
        endpoint,
        primaryKey,
        disposition,
        strategy,
        r.tableName(),
        !Boolean.FALSE.equals(r.selected()),
        r.maxTableNesting() != null ? r.maxTableNesting() : sourceNesting,
        fromParent,
        steps(r.processingSteps()),
        parent,
        columns,
        sourceContract.overriddenBy(contract(r.schemaContract())),
        mergeKey,
        scd2,
        hints.nested(r.nestedHints(), where));
  }

  /** The parent named by {@code {resources.<parent>.<field>}} placeholders; they must agree. */
  private String parent(
      String name,
      String where,
      String path,
      Map<String, String> params,
      Map<String, String> headers,
      JsonNode json) {
    List<String> templates = new ArrayList<>(List.of(path));
    templates.addAll(params.values());
    templates.addAll(headers.values());
    if (json != null) {
      templates.add(json.toString());
    }
    Set<String> parents = new LinkedHashSet<>();
    for (String t : templates) {
      for (Placeholders.Placeholder p : Placeholders.find(t)) {
        if (p.namespace().equals("resources")) {
          parents.add(p.parentResource());
        }
      }
    }
    if (parents.size() > 1) {
      checks.add(where + ": placeholders name more than one parent resource " + parents);
      return null;
    }
    String parent = parents.isEmpty() ? null : parents.iterator().next();
    if (name.equals(parent)) {
      checks.add(where + ": a resource cannot be its own parent");
      return null;
    }
    return parent;
  }

  private IncrementalConfig incremental(SourceYaml.Incremental i, String where) {
    JsonPath cursor = checks.path(i.cursorPath(), where + ".cursor_path");
    JsonPath version = checks.path(i.parentVersionPath(), where + ".parent_version_path");
    if (i.cursorPath() == null && i.parentVersionPath() == null) {
      checks.add(where + ": cursor_path (or parent_version_path) is required");
    }
    Duration step = checks.duration(i.step(), where + ".step");
    if (step != null && i.initialValue() == null) {
      checks.add(where + ".step: date windows need an initial_value to start from");
    }
    if (step != null && (step.isZero() || step.isNegative())) {
      checks.add(where + ".step: must be positive");
    }
    Duration lag = checks.duration(i.lag(), where + ".lag");
    return new IncrementalConfig(
        cursor,
        i.initialValue(),
        i.endValue(),
        lag == null ? Duration.ZERO : lag,
        step,
        i.startParam(),
        i.endParam(),
        version);
  }

  /** The options of dlt's {@code {disposition: merge, strategy: scd2}}. */
  private Scd2Config scd2(SourceYaml.WriteDisposition wd, String where) {
    List<String> names = wd.validityColumnNames();
    String from = names == null ? null : names.get(0);
    String to = names == null ? null : names.get(1);
    if (from != null && from.equals(to)) {
      checks.add(where + ".validity_column_names: the two names must differ");
    }
    return new Scd2Config(
        from,
        to,
        checks.timestamp(wd.activeRecordTimestamp(), where + ".active_record_timestamp"),
        checks.timestamp(wd.boundaryTimestamp(), where + ".boundary_timestamp"),
        wd.rowVersionColumnName());
  }

  private static ContractConfig contract(SourceYaml.Contract c) {
    return c == null ? null : new ContractConfig(c.tables(), c.columns(), c.dataType());
  }

  private static List<ResponseAction> actions(List<SourceYaml.Action> actions) {
    return actions == null
        ? List.of()
        : actions.stream()
            .filter(a -> a != null && a.action() != null)
            .map(
                a ->
                    new ResponseAction(
                        a.statusCode(),
                        a.content(),
                        ResponseAction.Action.valueOf(a.action().toUpperCase(Locale.ROOT))))
            .toList();
  }

  private static List<ProcessingStep> steps(List<SourceYaml.Step> steps) {
    return steps == null
        ? List.of()
        : steps.stream()
            .filter(s -> s != null && s.type() != null)
            .map(
                s ->
                    s.type().equalsIgnoreCase("drop")
                        ? new ProcessingStep(ProcessingStep.Type.DROP, s.field(), null)
                        : new ProcessingStep(
                            ProcessingStep.Type.FINGERPRINT,
                            s.field(),
                            s.into() != null ? s.into() : s.field() + "Fingerprint"))
            .toList();
  }

  /** Names (keys, parent fields) as JSONPaths into the record. */
  private List<String> names(List<String> names, String where) {
    List<String> out = names == null ? List.of() : names.stream().filter(Objects::nonNull).toList();
    out.forEach(n -> checks.checkPath(where, n));
    return out;
  }

  private static Map<String, String> strings(Map<String, String> map) {
    Map<String, String> out = new LinkedHashMap<>();
    if (map != null) {
      map.forEach(
          (k, v) -> {
            if (v != null) {
              out.put(k, v);
            }
          });
    }
    return out;
  }
}
