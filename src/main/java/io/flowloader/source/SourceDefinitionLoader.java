package io.flowloader.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.core.io.Resource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads and validates source definitions written in YAML with dlt's {@code rest_api} keys
 * (snake_case). Validation collects every problem — unknown keys, bad JSONPaths, missing or cyclic
 * parents, paginators without their required keys, bad placeholders — and fails once with all of
 * them. {@code resource_defaults} are merged into each resource as dlt does: {@code
 * endpoint.params}, {@code endpoint.json} and {@code endpoint.headers} shallow-merged, everything
 * else overridden. Several documents may be layered: a later document's {@code client} keys and
 * same-named resources are merged over the earlier ones the same way, so a user file can override
 * the built-in source.
 */
public final class SourceDefinitionLoader {

  /** The built-in Boomi Flow source on the classpath. */
  public static final String BOOMI_FLOW = "sources/boomi-flow.yaml";

  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private static final Set<String> TOP_KEYS =
      Set.of("client", "resource_defaults", "resources", "schema_contract", "max_table_nesting");
  private static final Set<String> CONTRACT_MODES =
      Set.of("evolve", "freeze", "discard_row", "discard_value");
  private static final Set<String> CLIENT_KEYS = Set.of("base_url", "auth", "headers", "paginator");
  private static final Set<String> RESOURCE_KEYS =
      Set.of(
          "name",
          "endpoint",
          "primary_key",
          "write_disposition",
          "table_name",
          "selected",
          "max_table_nesting",
          "include_from_parent",
          "processing_steps",
          "columns",
          "schema_contract",
          "merge_key",
          "nested_hints");
  private static final Set<String> COLUMN_HINT_KEYS =
      Set.of(
          "name",
          "data_type",
          "nullable",
          "primary_key",
          "merge_key",
          "precision",
          "scale",
          "timezone");
  private static final Set<String> HINT_DATA_TYPES =
      Set.of("text", "bigint", "double", "bool", "timestamp", "decimal", "json");

  /** The largest {@code precision} per data type that dlt maps onto PostgreSQL. */
  private static final Map<String, Integer> MAX_PRECISION =
      Map.of("text", 10_485_760, "bigint", 64, "timestamp", 6, "decimal", 1000);

  private static final Set<String> ENDPOINT_KEYS =
      Set.of(
          "path",
          "method",
          "params",
          "json",
          "headers",
          "data_selector",
          "paginator",
          "incremental",
          "response_actions");
  private static final Set<String> INCREMENTAL_KEYS =
      Set.of(
          "cursor_path",
          "initial_value",
          "end_value",
          "lag",
          "step",
          "start_param",
          "end_param",
          "parent_version_path");
  private static final Map<String, Set<String>> PAGINATOR_KEYS =
      Map.of(
          "single_page", Set.of(),
          "page_number",
              Set.of(
                  "page_param",
                  "base_page",
                  "page",
                  "total_path",
                  "total_kind",
                  "maximum_page",
                  "stop_after_empty_page"),
          "offset",
              Set.of(
                  "offset_param",
                  "limit_param",
                  "offset",
                  "limit",
                  "total_path",
                  "maximum_offset",
                  "stop_after_empty_page"),
          "json_link", Set.of("next_url_path"),
          "header_link", Set.of("links_next_key"),
          "cursor", Set.of("cursor_path", "cursor_param", "cursor_body_path"));
  private static final Map<String, Set<String>> AUTH_KEYS =
      Map.of(
          "api_key", Set.of("name", "api_key", "location"),
          "bearer", Set.of("token"),
          "http_basic", Set.of("username", "password"));
  private static final Set<String> DISPOSITIONS = Set.of("append", "replace", "merge");
  private static final Set<String> MERGE_STRATEGIES = Set.of("delete-insert", "upsert", "scd2");
  private static final Set<String> SCD2_KEYS =
      Set.of(
          "validity_column_names",
          "active_record_timestamp",
          "boundary_timestamp",
          "row_version_column_name");

  private SourceDefinitionLoader() {}

  /** Loads the built-in Boomi Flow source. */
  public static SourceDefinition loadBuiltIn() {
    return load(new org.springframework.core.io.ClassPathResource(BOOMI_FLOW));
  }

  /** Loads one or more layered YAML documents (later ones override earlier ones). */
  public static SourceDefinition load(Resource... yamls) {
    List<JsonNode> docs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Resource yaml : yamls) {
      try (InputStream in = yaml.getInputStream()) {
        docs.add(YAML.readTree(in));
        names.add(yaml.getDescription());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read source definition " + yaml, e);
      }
    }
    return fromTrees(docs, String.join(" + ", names));
  }

  /** Loads a definition from YAML text. */
  public static SourceDefinition load(String yaml, String origin) {
    return fromTrees(List.of(YAML.readTree(yaml)), origin);
  }

  static SourceDefinition fromTrees(List<JsonNode> docs, String origin) {
    List<String> problems = new ArrayList<>();
    ObjectNode merged = JsonNodeFactory.instance.objectNode();
    for (JsonNode doc : docs) {
      if (doc == null || !doc.isObject()) {
        problems.add("the document must be a mapping with client and resources");
        continue;
      }
      layer(merged, (ObjectNode) doc, problems);
    }
    if (!problems.isEmpty()) {
      throw new SourceDefinitionException(origin, problems);
    }
    SourceDefinition definition = new Parser(problems).definition(merged);
    if (!problems.isEmpty()) {
      throw new SourceDefinitionException(origin, problems);
    }
    return definition;
  }

  /** Layers {@code doc} over {@code base}: client keys and same-named resources are merged. */
  private static void layer(ObjectNode base, ObjectNode doc, List<String> problems) {
    for (Map.Entry<String, JsonNode> e : doc.properties()) {
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (key.equals("resources") && base.has("resources") && value.isArray()) {
        ArrayNodeMerge.mergeResources(base, value, problems);
      } else if ((key.equals("client") || key.equals("resource_defaults"))
          && base.get(key) instanceof ObjectNode existing
          && value.isObject()) {
        base.set(key, mergeResource(existing, (ObjectNode) value));
      } else {
        base.set(key, value.deepCopy());
      }
    }
  }

  /** dlt's merge: top keys overridden; endpoint merged with params/json/headers shallow-merged. */
  static ObjectNode mergeResource(ObjectNode defaults, ObjectNode resource) {
    ObjectNode out = defaults.deepCopy();
    for (Map.Entry<String, JsonNode> e : resource.properties()) {
      JsonNode value = e.getValue();
      if (e.getKey().equals("endpoint")
          && out.get("endpoint") instanceof ObjectNode base
          && value.isObject()) {
        ObjectNode endpoint = base.deepCopy();
        for (Map.Entry<String, JsonNode> ep : value.properties()) {
          String k = ep.getKey();
          if ((k.equals("params") || k.equals("json") || k.equals("headers"))
              && endpoint.get(k) instanceof ObjectNode inner
              && ep.getValue().isObject()) {
            ObjectNode combined = inner.deepCopy();
            combined.setAll((ObjectNode) ep.getValue().deepCopy());
            endpoint.set(k, combined);
          } else {
            endpoint.set(k, ep.getValue().deepCopy());
          }
        }
        out.set("endpoint", endpoint);
      } else if (e.getKey().equals("endpoint")
          && out.get("endpoint") instanceof ObjectNode base
          && value.isString()) {
        ObjectNode endpoint = base.deepCopy();
        endpoint.put("path", value.asString());
        out.set("endpoint", endpoint);
      } else if ((e.getKey().equals("headers") || e.getKey().equals("params"))
          && out.get(e.getKey()) instanceof ObjectNode inner
          && value.isObject()) {
        ObjectNode combined = inner.deepCopy();
        combined.setAll((ObjectNode) value.deepCopy());
        out.set(e.getKey(), combined);
      } else {
        out.set(e.getKey(), value.deepCopy());
      }
    }
    return out;
  }

  /** Resource-list layering kept apart for readability. */
  private static final class ArrayNodeMerge {
    static void mergeResources(ObjectNode base, JsonNode overrides, List<String> problems) {
      tools.jackson.databind.node.ArrayNode existing =
          (tools.jackson.databind.node.ArrayNode) base.get("resources");
      for (JsonNode override : overrides) {
        ObjectNode o = asResourceObject(override);
        String name = o.path("name").asString(null);
        boolean merged = false;
        for (int i = 0; i < existing.size(); i++) {
          ObjectNode r = asResourceObject(existing.get(i));
          if (name != null && name.equals(r.path("name").asString(null))) {
            existing.set(i, mergeResource(r, o));
            merged = true;
          }
        }
        if (!merged) {
          existing.add(o);
        }
      }
    }
  }

  /** dlt allows a resource to be just its name (the path). */
  static ObjectNode asResourceObject(JsonNode node) {
    if (node.isString()) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("name", node.asString());
      o.putObject("endpoint").put("path", node.asString());
      return o;
    }
    if (!node.isObject()) {
      return JsonNodeFactory.instance.objectNode();
    }
    ObjectNode o = (ObjectNode) node;
    if (o.get("endpoint") != null && o.get("endpoint").isString()) {
      o = o.deepCopy();
      String path = o.get("endpoint").asString();
      o.putObject("endpoint").put("path", path);
    }
    return o;
  }

  /** Tree → records, collecting problems rather than stopping at the first. */
  private static final class Parser {
    private final List<String> problems;
    private ContractConfig sourceContract = new ContractConfig(null, null, null);
    private Integer sourceNesting;

    Parser(List<String> problems) {
      this.problems = problems;
    }

    SourceDefinition definition(ObjectNode root) {
      unknownKeys("", root, TOP_KEYS);
      ContractConfig contract = contract(root.get("schema_contract"), "schema_contract");
      if (contract != null) {
        sourceContract = contract;
      }
      sourceNesting = nesting(root, "");
      ClientConfig client = client(root.get("client"));
      JsonNode defaults = root.get("resource_defaults");
      if (defaults != null && !defaults.isObject()) {
        problems.add("resource_defaults: must be a mapping");
        defaults = null;
      }
      JsonNode list = root.get("resources");
      if (list == null || !list.isArray() || list.isEmpty()) {
        problems.add("resources: at least one resource is required");
        return new SourceDefinition(client, List.of());
      }
      Map<String, ResourceDefinition> byName = new LinkedHashMap<>();
      int index = 0;
      for (JsonNode item : list) {
        ObjectNode raw = asResourceObject(item);
        if (!item.isObject() && !item.isString()) {
          problems.add("resources[" + index + "]: must be a mapping or a name");
        }
        ObjectNode merged = defaults == null ? raw : mergeResource((ObjectNode) defaults, raw);
        ResourceDefinition r = resource(merged, index, client);
        if (r != null) {
          if (byName.containsKey(r.name())) {
            problems.add("resources[" + index + "]: duplicate resource name '" + r.name() + "'");
          } else {
            byName.put(r.name(), r);
          }
        }
        index++;
      }
      return new SourceDefinition(client, ordered(byName));
    }

    private ClientConfig client(JsonNode node) {
      if (node == null || !node.isObject()) {
        problems.add("client: required mapping with base_url");
        return new ClientConfig("", null, Map.of(), new PaginatorConfig.SinglePage(1));
      }
      unknownKeys("client", node, CLIENT_KEYS);
      String baseUrl = text(node, "base_url", "client");
      if (baseUrl == null) {
        problems.add("client.base_url: required");
        baseUrl = "";
      }
      checkPlaceholders("client.base_url", baseUrl, null, false);
      AuthConfig auth = auth(node.get("auth"));
      Map<String, String> headers = stringMap(node.get("headers"), "client.headers");
      headers.forEach((k, v) -> checkPlaceholders("client.headers." + k, v, null, false));
      PaginatorConfig paginator =
          node.has("paginator")
              ? paginator(node.get("paginator"), "client.paginator")
              : new PaginatorConfig.SinglePage(PaginatorConfig.DEFAULT_MAX_PAGES);
      return new ClientConfig(baseUrl, auth, headers, paginator);
    }

    private AuthConfig auth(JsonNode node) {
      if (node == null || node.isNull()) {
        return null;
      }
      String where = "client.auth";
      String type = text(node, "type", where);
      if (type == null || !AUTH_KEYS.containsKey(type)) {
        problems.add(where + ".type: must be one of " + AUTH_KEYS.keySet() + ", got " + type);
        return null;
      }
      Set<String> allowed = new HashSet<>(AUTH_KEYS.get(type));
      allowed.add("type");
      unknownKeys(where, node, allowed);
      for (String key : AUTH_KEYS.get(type)) {
        if (key.equals("location")) {
          continue;
        }
        String value = text(node, key, where);
        if (value == null) {
          problems.add(where + "." + key + ": required for auth type " + type);
        } else {
          checkPlaceholders(where + "." + key, value, null, false);
        }
      }
      return switch (type) {
        case "api_key" -> {
          String location = node.path("location").asString("header").toLowerCase(Locale.ROOT);
          if (!location.equals("header") && !location.equals("query")) {
            problems.add(where + ".location: must be header or query, got " + location);
          }
          yield new AuthConfig.ApiKey(
              text(node, "name", where),
              text(node, "api_key", where),
              location.equals("query") ? AuthConfig.Location.QUERY : AuthConfig.Location.HEADER);
        }
        case "bearer" -> new AuthConfig.Bearer(text(node, "token", where));
        default ->
            new AuthConfig.HttpBasic(text(node, "username", where), text(node, "password", where));
      };
    }

    private PaginatorConfig paginator(JsonNode node, String where) {
      String type;
      if (node.isString()) {
        type = node.asString();
        node = JsonNodeFactory.instance.objectNode().put("type", type);
      } else if (node.isObject()) {
        type = text(node, "type", where);
      } else {
        problems.add(where + ": must be a mapping with a type");
        return null;
      }
      if (type == null || !PAGINATOR_KEYS.containsKey(type)) {
        problems.add(
            where
                + ".type: must be one of "
                + new java.util.TreeSet<>(PAGINATOR_KEYS.keySet())
                + ", got "
                + type);
        return null;
      }
      Set<String> allowed = new HashSet<>(PAGINATOR_KEYS.get(type));
      allowed.add("type");
      allowed.add("max_pages");
      unknownKeys(where, node, allowed);
      int maxPages = intValue(node, "max_pages", where, PaginatorConfig.DEFAULT_MAX_PAGES);
      if (maxPages < 1) {
        problems.add(where + ".max_pages: must be at least 1");
      }
      switch (type) {
        case "single_page":
          return new PaginatorConfig.SinglePage(maxPages);
        case "page_number":
          {
            JsonPath total = path(node, "total_path", where);
            String kind = node.path("total_kind").asString("pages").toUpperCase(Locale.ROOT);
            if (!kind.equals("PAGES") && !kind.equals("ITEMS")) {
              problems.add(where + ".total_kind: must be pages or items, got " + kind);
              kind = "PAGES";
            }
            boolean stopEmpty = node.path("stop_after_empty_page").asBoolean(true);
            Integer maximum = integer(node, "maximum_page", where);
            if (total == null && !stopEmpty && maximum == null) {
              problems.add(
                  where
                      + ": page_number needs a stop rule: total_path, stop_after_empty_page or"
                      + " maximum_page");
            }
            int base = intValue(node, "base_page", where, 0);
            return new PaginatorConfig.PageNumber(
                node.path("page_param").asString("page"),
                base,
                intValue(node, "page", where, base),
                total,
                PaginatorConfig.TotalKind.valueOf(kind),
                maximum,
                stopEmpty,
                maxPages);
          }
        case "offset":
          {
            Integer limit = integer(node, "limit", where);
            if (limit == null) {
              problems.add(where + ".limit: required for paginator type offset");
              limit = 1;
            } else if (limit < 1) {
              problems.add(where + ".limit: must be at least 1");
            }
            JsonPath total = path(node, "total_path", where);
            boolean stopEmpty = node.path("stop_after_empty_page").asBoolean(true);
            Integer maximum = integer(node, "maximum_offset", where);
            if (total == null && !stopEmpty && maximum == null) {
              problems.add(
                  where
                      + ": offset needs a stop rule: total_path, stop_after_empty_page or"
                      + " maximum_offset");
            }
            return new PaginatorConfig.Offset(
                node.path("offset_param").asString("offset"),
                node.path("limit_param").asString("limit"),
                intValue(node, "offset", where, 0),
                limit,
                total,
                maximum,
                stopEmpty,
                maxPages);
          }
        case "json_link":
          {
            JsonPath next = path(node, "next_url_path", where);
            if (next == null && !node.has("next_url_path")) {
              problems.add(where + ".next_url_path: required for paginator type json_link");
            }
            return new PaginatorConfig.JsonLink(next, maxPages);
          }
        case "header_link":
          return new PaginatorConfig.HeaderLink(
              node.path("links_next_key").asString("next"), maxPages);
        default:
          {
            JsonPath cursor = path(node, "cursor_path", where);
            if (cursor == null && !node.has("cursor_path")) {
              problems.add(where + ".cursor_path: required for paginator type cursor");
            }
            String body = text(node, "cursor_body_path", where);
            String param = node.path("cursor_param").asString(body == null ? "cursor" : null);
            if (param != null && body != null) {
              problems.add(where + ": give cursor_param or cursor_body_path, not both");
            }
            return new PaginatorConfig.Cursor(cursor, param, body, maxPages);
          }
      }
    }

    private ResourceDefinition resource(ObjectNode node, int index, ClientConfig client) {
      String name = text(node, "name", "resources[" + index + "]");
      String where = "resources[" + index + "]" + (name == null ? "" : " (" + name + ")");
      if (name == null || name.isBlank()) {
        problems.add(where + ".name: required");
        return null;
      }
      unknownKeys(where, node, RESOURCE_KEYS);
      JsonNode ep = node.get("endpoint");
      if (ep != null && ep.isString()) {
        ep = JsonNodeFactory.instance.objectNode().put("path", ep.asString());
      }
      if (ep == null) {
        ep = JsonNodeFactory.instance.objectNode().put("path", name);
      }
      if (!ep.isObject()) {
        problems.add(where + ".endpoint: must be a mapping or a path");
        return null;
      }
      String ew = where + ".endpoint";
      unknownKeys(ew, ep, ENDPOINT_KEYS);
      String path = text(ep, "path", ew);
      if (path == null) {
        problems.add(ew + ".path: required");
        path = "";
      }
      String method = ep.path("method").asString("GET").toUpperCase(Locale.ROOT);
      if (!method.equals("GET") && !method.equals("POST")) {
        problems.add(ew + ".method: must be GET or POST, got " + method);
      }
      Map<String, String> params = stringMap(ep.get("params"), ew + ".params");
      Map<String, String> headers = stringMap(ep.get("headers"), ew + ".headers");
      JsonNode json = ep.get("json");
      if (json != null && json.isNull()) {
        json = null;
      }
      JsonPath selector = path(ep, "data_selector", ew);
      PaginatorConfig paginator =
          ep.has("paginator") ? paginator(ep.get("paginator"), ew + ".paginator") : null;
      if (paginator == null) {
        paginator = client.paginator();
      }
      IncrementalConfig incremental = incremental(ep.get("incremental"), ew + ".incremental");
      List<ResponseAction> actions = responseActions(ep.get("response_actions"), ew);

      // Placeholders decide the parent; all must agree and exist (checked in ordered()).
      Set<String> parents = new LinkedHashSet<>();
      List<String> templates = new ArrayList<>();
      templates.add(path);
      templates.addAll(params.values());
      templates.addAll(headers.values());
      if (json != null) {
        templates.add(json.toString());
      }
      for (String t : templates) {
        for (Placeholders.Placeholder p : Placeholders.find(t)) {
          if (p.namespace().equals("resources")) {
            parents.add(p.parentResource());
          }
        }
      }
      checkPlaceholders(ew + ".path", path, incremental, true);
      params.forEach((k, v) -> checkPlaceholders(ew + ".params." + k, v, incremental, false));
      headers.forEach((k, v) -> checkPlaceholders(ew + ".headers." + k, v, incremental, false));
      if (json != null) {
        checkPlaceholders(ew + ".json", json.toString(), incremental, false);
      }
      String parent = null;
      if (parents.size() > 1) {
        problems.add(where + ": placeholders name more than one parent resource " + parents);
      } else if (parents.size() == 1) {
        parent = parents.iterator().next();
        if (parent.equals(name)) {
          problems.add(where + ": a resource cannot be its own parent");
          parent = null;
        }
      }

      List<String> primaryKey = stringList(node.get("primary_key"), where + ".primary_key");
      for (String key : primaryKey) {
        checkPath(where + ".primary_key", key);
      }
      String[] wd = writeDisposition(node.get("write_disposition"), where);
      String disposition = wd[0];
      String strategy = wd[1];
      Scd2Config scd2 =
          "scd2".equals(strategy) ? scd2Options(node.get("write_disposition"), where) : null;
      List<String> mergeKey =
          new ArrayList<>(stringList(node.get("merge_key"), where + ".merge_key"));
      for (String key : mergeKey) {
        checkPath(where + ".merge_key", key);
      }
      List<ColumnHint> hints = columns(node.get("columns"), where);
      // dlt's merge_key column hint ({customer_key: {merge_key: true}}) joins the resource's list
      hints.stream()
          .filter(ColumnHint::mergeKey)
          .map(ColumnHint::name)
          .filter(n -> !mergeKey.contains(n))
          .forEach(mergeKey::add);
      if (!mergeKey.isEmpty() && scd2 == null) {
        problems.add(
            where
                + ".merge_key: supported only with write_disposition {disposition: merge, strategy:"
                + " scd2} (dlt's merge_key for delete-insert is not implemented)");
      }
      if (disposition.equals("merge") && primaryKey.isEmpty() && !"scd2".equals(strategy)) {
        problems.add(
            where + ": write_disposition merge needs a primary_key (strategy " + strategy + ")");
      }
      List<String> fromParent =
          stringList(node.get("include_from_parent"), where + ".include_from_parent");
      if (!fromParent.isEmpty() && parent == null) {
        problems.add(where + ".include_from_parent: only a child resource has a parent");
      }
      fromParent.forEach(f -> checkPath(where + ".include_from_parent", f));
      if (incremental != null && incremental.parentVersionPath() != null && parent == null) {
        problems.add(ew + ".incremental.parent_version_path: only a child resource has a parent");
      }
      if (incremental != null && incremental.cursorPath() != null && primaryKey.isEmpty()) {
        problems.add(where + ": an incremental cursor needs a primary_key for boundary dedup");
      }
      Integer nesting = nesting(node, where);
      if (nesting == null) {
        nesting = sourceNesting;
      }
      List<ProcessingStep> steps = processingSteps(node.get("processing_steps"), where);
      EndpointConfig endpoint =
          new EndpointConfig(
              path, method, params, json, headers, selector, paginator, incremental, actions);
      return new ResourceDefinition(
          name,
          endpoint,
          primaryKey,
          disposition,
          strategy,
          text(node, "table_name", where),
          node.path("selected").asBoolean(true),
          nesting,
          fromParent,
          steps,
          parent,
          hints,
          sourceContract.overriddenBy(
              contract(node.get("schema_contract"), where + ".schema_contract")),
          mergeKey,
          scd2,
          nestedHints(node.get("nested_hints"), where));
    }

    /**
     * The scd2 options of a {@code write_disposition} mapping (dlt's {@code TScd2StrategyDict}).
     */
    private Scd2Config scd2Options(JsonNode node, String where) {
      String w = where + ".write_disposition";
      String from = null;
      String to = null;
      JsonNode names = node.get("validity_column_names");
      if (names != null && !names.isNull()) {
        if (!names.isArray()
            || names.size() != 2
            || !names.get(0).isString()
            || !names.get(1).isString()
            || names.get(0).asString().isBlank()
            || names.get(1).asString().isBlank()) {
          problems.add(w + ".validity_column_names: must be a list of two column names [from, to]");
        } else {
          from = names.get(0).asString();
          to = names.get(1).asString();
          if (from.equals(to)) {
            problems.add(w + ".validity_column_names: the two names must differ");
          }
        }
      }
      return new Scd2Config(
          from,
          to,
          timestamp(node, "active_record_timestamp", w),
          timestamp(node, "boundary_timestamp", w),
          text(node, "row_version_column_name", w));
    }

    /**
     * A date or date-time option as dlt's {@code ensure_pendulum_datetime} reads it: ISO-8601 with
     * or without offset (none means UTC) or a date (midnight UTC).
     */
    private java.time.Instant timestamp(JsonNode node, String key, String where) {
      JsonNode v = node.get(key);
      if (v == null || v.isNull()) {
        return null;
      }
      String text = v.isString() ? v.asString() : v.toString();
      try {
        return java.time.OffsetDateTime.parse(text).toInstant();
      } catch (java.time.format.DateTimeParseException e) {
        // try the forms without offset
      }
      try {
        return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
      } catch (java.time.format.DateTimeParseException e) {
        // try a date
      }
      try {
        return java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      } catch (java.time.format.DateTimeParseException e) {
        problems.add(
            where
                + "."
                + key
                + ": must be an ISO-8601 date or date-time (2024-08-21T12:15:00+00:00), got "
                + text);
        return null;
      }
    }

    private Integer nesting(JsonNode node, String where) {
      Integer nesting = integer(node, "max_table_nesting", where.isEmpty() ? "source" : where);
      if (nesting != null && nesting < 0) {
        problems.add((where.isEmpty() ? "" : where + ".") + "max_table_nesting: must be 0 or more");
        return null;
      }
      return nesting;
    }

    /**
     * dlt's {@code schema_contract}: a mode for all entities ({@code freeze}) or a mapping of
     * {@code tables}, {@code columns}, {@code data_type} to modes.
     */
    private ContractConfig contract(JsonNode node, String where) {
      if (node == null || node.isNull()) {
        return null;
      }
      if (node.isString()) {
        String mode = mode(node.asString(), where);
        return new ContractConfig(mode, mode, mode);
      }
      if (!node.isObject()) {
        problems.add(
            where
                + ": must be a mode ("
                + String.join(", ", new java.util.TreeSet<>(CONTRACT_MODES))
                + ") or a mapping of tables, columns, data_type to modes");
        return null;
      }
      unknownKeys(where, node, Set.of("tables", "columns", "data_type"));
      return new ContractConfig(
          modeOf(node, "tables", where),
          modeOf(node, "columns", where),
          modeOf(node, "data_type", where));
    }

    private String modeOf(JsonNode node, String key, String where) {
      String text = text(node, key, where);
      return text == null ? null : mode(text, where + "." + key);
    }

    private String mode(String text, String where) {
      if (!CONTRACT_MODES.contains(text)) {
        problems.add(
            where
                + ": must be one of "
                + String.join(", ", new java.util.TreeSet<>(CONTRACT_MODES))
                + ", got "
                + text);
        return null;
      }
      return text;
    }

    /**
     * dlt's {@code columns}: a mapping of column name to hint, or a list of hints each with a
     * {@code name}. Only the hints this service applies are accepted; any other is refused.
     */
    private List<ColumnHint> columns(JsonNode node, String where) {
      List<ColumnHint> out = new ArrayList<>();
      if (node == null || node.isNull()) {
        return out;
      }
      String w = where + ".columns";
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
      if (node.isObject()) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          entries.add(e);
        }
      } else if (node.isArray()) {
        int i = 0;
        for (JsonNode item : node) {
          String name = item.isObject() ? text(item, "name", w + "[" + i + "]") : null;
          if (name == null) {
            problems.add(w + "[" + i + "]: a column hint in list form needs a name");
          } else {
            entries.add(Map.entry(name, item));
          }
          i++;
        }
      } else {
        problems.add(w + ": must be a mapping of column name to hint, or a list of hints");
        return out;
      }
      Set<String> seen = new HashSet<>();
      for (Map.Entry<String, JsonNode> e : entries) {
        String name = e.getKey();
        String hw = w + "." + name;
        JsonNode hint = e.getValue();
        if (!hint.isObject()) {
          problems.add(hw + ": must be a mapping such as {data_type: json}");
          continue;
        }
        unknownKeys(hw, hint, COLUMN_HINT_KEYS);
        checkPath(hw, name);
        if (!seen.add(name)) {
          problems.add(hw + ": hinted twice");
        }
        String type = text(hint, "data_type", hw);
        if (type != null && !HINT_DATA_TYPES.contains(type)) {
          problems.add(
              hw
                  + ".data_type: must be one of "
                  + new java.util.TreeSet<>(HINT_DATA_TYPES)
                  + ", got "
                  + type);
        }
        Boolean nullable = bool(hint, "nullable", hw);
        Boolean key = bool(hint, "primary_key", hw);
        Boolean mergeKey = bool(hint, "merge_key", hw);
        Integer precision = precision(hint, type, hw);
        out.add(
            new ColumnHint(
                name,
                type,
                nullable,
                key != null && key,
                mergeKey != null && mergeKey,
                precision,
                scale(hint, type, precision, hw),
                timezone(hint, type, hw)));
      }
      return out;
    }

    /** dlt's {@code precision}: only for the types dlt sizes with it, within PostgreSQL's range. */
    private Integer precision(JsonNode hint, String type, String where) {
      Integer precision = nonNegative(hint, "precision", where);
      if (precision == null) {
        return null;
      }
      String w = where + ".precision";
      Integer max = type == null ? null : MAX_PRECISION.get(type);
      if (max == null) {
        problems.add(
            w
                + ": needs data_type text, bigint, timestamp or decimal"
                + (type == null ? "" : ", not " + type));
        return null;
      }
      int min = type.equals("timestamp") ? 0 : 1;
      if (precision < min || precision > max) {
        problems.add(
            w
                + ": must be "
                + min
                + " to "
                + max
                + " for data_type "
                + type
                + ", got "
                + precision);
        return null;
      }
      return precision;
    }

    /** dlt's {@code scale}: a decimal's, next to its precision, at most that precision. */
    private Integer scale(JsonNode hint, String type, Integer precision, String where) {
      Integer scale = nonNegative(hint, "scale", where);
      if (scale == null) {
        return null;
      }
      String w = where + ".scale";
      if (!"decimal".equals(type)) {
        problems.add(w + ": needs data_type decimal" + (type == null ? "" : ", not " + type));
        return null;
      }
      if (precision == null) {
        problems.add(w + ": needs a precision");
        return null;
      }
      if (scale > precision) {
        problems.add(w + ": must not exceed the precision " + precision + ", got " + scale);
        return null;
      }
      return scale;
    }

    /** dlt's {@code timezone}: whether a timestamp keeps its time zone. */
    private Boolean timezone(JsonNode hint, String type, String where) {
      Boolean timezone = bool(hint, "timezone", where);
      if (timezone != null && !"timestamp".equals(type)) {
        problems.add(
            where + ".timezone: needs data_type timestamp" + (type == null ? "" : ", not " + type));
        return null;
      }
      return timezone;
    }

    private Integer nonNegative(JsonNode node, String key, String where) {
      JsonNode v = node.get(key);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
        problems.add(where + "." + key + ": must be a non-negative integer, got " + v);
        return null;
      }
      return v.asInt();
    }

    /**
     * dlt's {@code nested_hints}: column hints of nested tables. A mapping of nested-table path to
     * {@code {columns: ...}}; the path is a field name (one level, {@code stateEntries}) or, in the
     * list form {@code [{path: [stateEntries, values], columns: ...}]}, a list of field names
     * (dlt's tuple). Only {@code columns} is accepted, without key hints.
     */
    private Map<List<String>, List<ColumnHint>> nestedHints(JsonNode node, String where) {
      Map<List<String>, List<ColumnHint>> out = new LinkedHashMap<>();
      if (node == null || node.isNull()) {
        return out;
      }
      String w = where + ".nested_hints";
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
      List<List<String>> paths = new ArrayList<>();
      if (node.isObject()) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          entries.add(Map.entry(w + "." + e.getKey(), e.getValue()));
          paths.add(List.of(e.getKey()));
        }
      } else if (node.isArray()) {
        int i = 0;
        for (JsonNode item : node) {
          String iw = w + "[" + i++ + "]";
          List<String> path = nestedPath(item.isObject() ? item.get("path") : null, iw);
          if (path != null) {
            entries.add(Map.entry(iw, item));
            paths.add(path);
          }
        }
      } else {
        problems.add(
            w
                + ": must be a mapping of nested table to {columns: ...}, or a list of {path, columns}");
        return out;
      }
      for (int i = 0; i < entries.size(); i++) {
        String ew = entries.get(i).getKey();
        JsonNode hints = entries.get(i).getValue();
        List<String> path = paths.get(i);
        if (!hints.isObject()) {
          problems.add(
              ew + ": must be a mapping such as {columns: {userVotes: {data_type: json}}}");
          continue;
        }
        unknownKeys(ew, hints, node.isArray() ? Set.of("path", "columns") : Set.of("columns"));
        path.forEach(p -> checkPath(ew, p));
        if (hints.get("columns") == null) {
          problems.add(ew + ".columns: required");
        }
        List<ColumnHint> columns = columns(hints.get("columns"), ew);
        for (ColumnHint c : columns) {
          if (c.primaryKey() || c.mergeKey()) {
            problems.add(ew + ".columns." + c.name() + ": key hints apply to the root table only");
          }
        }
        if (out.containsKey(path)) {
          problems.add(ew + ": nested table " + path + " hinted twice");
        } else {
          out.put(path, columns);
        }
      }
      return out;
    }

    private List<String> nestedPath(JsonNode node, String where) {
      if (node != null && node.isString() && !node.asString().isBlank()) {
        return List.of(node.asString());
      }
      if (node != null && node.isArray() && !node.isEmpty()) {
        List<String> path = new ArrayList<>();
        for (JsonNode element : node) {
          if (!element.isString() || element.asString().isBlank()) {
            path = null;
            break;
          }
          path.add(element.asString());
        }
        if (path != null) {
          return List.copyOf(path);
        }
      }
      problems.add(where + ".path: required, a field name or a list of field names");
      return null;
    }

    private Boolean bool(JsonNode node, String key, String where) {
      JsonNode v = node.get(key);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isBoolean()) {
        problems.add(where + "." + key + ": must be true or false");
        return null;
      }
      return v.booleanValue();
    }

    /**
     * dlt's {@code write_disposition}: a string {@code append | replace | merge}, or the mapping
     * {@code {disposition: merge, strategy: delete-insert | upsert}}. Returns {disposition,
     * strategy}; the strategy is null unless the disposition is merge. Anything else is a problem,
     * never a silent default.
     */
    private String[] writeDisposition(JsonNode node, String where) {
      String w = where + ".write_disposition";
      if (node == null || node.isNull()) {
        return new String[] {"append", null};
      }
      String disposition;
      String strategy = null;
      if (node.isString()) {
        disposition = node.asString();
      } else if (node.isObject()) {
        Set<String> allowed = new HashSet<>(Set.of("disposition", "strategy"));
        if ("scd2".equals(node.path("strategy").asString(""))) {
          allowed.addAll(SCD2_KEYS);
        }
        unknownKeys(w, node, allowed);
        disposition = text(node, "disposition", w);
        if (disposition == null) {
          problems.add(w + ".disposition: required in the mapping form");
          return new String[] {"append", null};
        }
        strategy = text(node, "strategy", w);
        if (strategy != null && !disposition.equals("merge")) {
          problems.add(w + ".strategy: only write_disposition merge has a strategy");
          strategy = null;
        } else if (strategy != null && !MERGE_STRATEGIES.contains(strategy)) {
          problems.add(
              w
                  + ".strategy: must be delete-insert, upsert or scd2, got "
                  + strategy
                  + (strategy.equals("insert-only")
                      ? " (dlt's " + strategy + " strategy is not supported by this service)"
                      : ""));
          strategy = null;
        }
      } else {
        problems.add(
            w
                + ": must be append, replace, merge or a mapping {disposition: merge, strategy:"
                + " delete-insert | upsert}");
        return new String[] {"append", null};
      }
      if (!DISPOSITIONS.contains(disposition)) {
        problems.add(
            w
                + ": must be append, replace or merge (or the mapping form {disposition: merge,"
                + " strategy: upsert}), got "
                + disposition);
        return new String[] {"append", null};
      }
      if (disposition.equals("merge") && strategy == null) {
        strategy = "delete-insert";
      }
      return new String[] {disposition, strategy};
    }

    private IncrementalConfig incremental(JsonNode node, String where) {
      if (node == null || node.isNull()) {
        return null;
      }
      if (!node.isObject()) {
        problems.add(where + ": must be a mapping");
        return null;
      }
      unknownKeys(where, node, INCREMENTAL_KEYS);
      JsonPath cursor = path(node, "cursor_path", where);
      JsonPath version = path(node, "parent_version_path", where);
      if (cursor == null && version == null) {
        problems.add(where + ": cursor_path (or parent_version_path) is required");
      }
      Duration step = duration(node, "step", where);
      String initial = text(node, "initial_value", where);
      if (step != null && initial == null) {
        problems.add(where + ".step: date windows need an initial_value to start from");
      }
      if (step != null && (step.isZero() || step.isNegative())) {
        problems.add(where + ".step: must be positive");
      }
      Duration lag = duration(node, "lag", where);
      return new IncrementalConfig(
          cursor,
          initial,
          text(node, "end_value", where),
          lag == null ? Duration.ZERO : lag,
          step,
          text(node, "start_param", where),
          text(node, "end_param", where),
          version);
    }

    private List<ResponseAction> responseActions(JsonNode node, String where) {
      List<ResponseAction> actions = new ArrayList<>();
      if (node == null || node.isNull()) {
        return actions;
      }
      if (!node.isArray()) {
        problems.add(where + ".response_actions: must be a list");
        return actions;
      }
      int i = 0;
      for (JsonNode a : node) {
        String w = where + ".response_actions[" + i++ + "]";
        unknownKeys(w, a, Set.of("status_code", "content", "action"));
        String action = a.path("action").asString("").toUpperCase(Locale.ROOT);
        if (!Set.of("IGNORE", "RETRY", "FAIL").contains(action)) {
          problems.add(w + ".action: must be ignore, retry or fail");
          continue;
        }
        if (!a.has("status_code") && !a.has("content")) {
          problems.add(w + ": needs status_code or content");
        }
        actions.add(
            new ResponseAction(
                integer(a, "status_code", w),
                text(a, "content", w),
                ResponseAction.Action.valueOf(action)));
      }
      return actions;
    }

    private List<ProcessingStep> processingSteps(JsonNode node, String where) {
      List<ProcessingStep> steps = new ArrayList<>();
      if (node == null || node.isNull()) {
        return steps;
      }
      if (!node.isArray()) {
        problems.add(where + ".processing_steps: must be a list");
        return steps;
      }
      int i = 0;
      for (JsonNode s : node) {
        String w = where + ".processing_steps[" + i++ + "]";
        unknownKeys(w, s, Set.of("type", "field", "into"));
        String type = s.path("type").asString("").toUpperCase(Locale.ROOT);
        String field = text(s, "field", w);
        if (field == null) {
          problems.add(w + ".field: required");
        }
        if (type.equals("FINGERPRINT")) {
          String into = s.path("into").asString(field == null ? null : field + "Fingerprint");
          steps.add(new ProcessingStep(ProcessingStep.Type.FINGERPRINT, field, into));
        } else if (type.equals("DROP")) {
          steps.add(new ProcessingStep(ProcessingStep.Type.DROP, field, null));
        } else {
          problems.add(w + ".type: must be fingerprint or drop");
        }
      }
      return steps;
    }

    /** Topological order, parents first; reports missing parents and cycles. */
    private List<ResourceDefinition> ordered(Map<String, ResourceDefinition> byName) {
      List<ResourceDefinition> out = new ArrayList<>();
      for (ResourceDefinition r : byName.values()) {
        if (r.parent() != null && !byName.containsKey(r.parent())) {
          problems.add(
              "resource " + r.name() + ": parent resource '" + r.parent() + "' does not exist");
        }
      }
      Set<String> done = new HashSet<>();
      Set<String> reported = new HashSet<>();
      for (ResourceDefinition r : byName.values()) {
        Deque<String> chain = new ArrayDeque<>();
        visit(r, byName, done, chain, out, reported);
      }
      return out;
    }

    private void visit(
        ResourceDefinition r,
        Map<String, ResourceDefinition> byName,
        Set<String> done,
        Deque<String> chain,
        List<ResourceDefinition> out,
        Set<String> reported) {
      if (done.contains(r.name())) {
        return;
      }
      if (chain.contains(r.name())) {
        List<String> cycle = new ArrayList<>();
        boolean in = false;
        for (Iterator<String> it = chain.descendingIterator(); it.hasNext(); ) {
          String n = it.next();
          in |= n.equals(r.name());
          if (in) {
            cycle.add(n);
          }
        }
        cycle.add(r.name());
        if (reported.add(new java.util.TreeSet<>(cycle).toString())) {
          problems.add("dependency cycle between resources: " + String.join(" -> ", cycle));
        }
        return;
      }
      chain.push(r.name());
      ResourceDefinition parent = r.parent() == null ? null : byName.get(r.parent());
      if (parent != null) {
        visit(parent, byName, done, chain, out, reported);
      }
      chain.pop();
      if (done.add(r.name())) {
        out.add(r);
      }
    }

    private void checkPlaceholders(
        String where, String template, IncrementalConfig incremental, boolean inPath) {
      for (Placeholders.Placeholder p : Placeholders.find(template)) {
        switch (p.namespace()) {
          case "tenant" -> {
            if (!Placeholders.TENANT_FIELDS.contains(p.path())) {
              problems.add(
                  where
                      + ": unknown placeholder "
                      + p
                      + ", tenant has "
                      + Placeholders.TENANT_FIELDS);
            }
          }
          case "incremental" -> {
            if (!Placeholders.INCREMENTAL_FIELDS.contains(p.path())) {
              problems.add(
                  where
                      + ": unknown placeholder "
                      + p
                      + ", incremental has "
                      + Placeholders.INCREMENTAL_FIELDS);
            } else if (incremental == null) {
              problems.add(where + ": placeholder " + p + " needs an incremental section");
            }
          }
          case "resources" -> {
            if (p.parentField().isEmpty()) {
              problems.add(where + ": placeholder " + p + " must name a field of the parent");
            } else {
              checkPath(where, p.parentField());
            }
          }
          default -> problems.add(where + ": unknown placeholder namespace in " + p);
        }
      }
    }

    private void checkPath(String where, String path) {
      try {
        JsonPath.parse(path);
      } catch (IllegalArgumentException e) {
        problems.add(where + ": " + e.getMessage());
      }
    }

    private void unknownKeys(String where, JsonNode node, Set<String> allowed) {
      if (node == null || !node.isObject()) {
        return;
      }
      for (String key : node.propertyNames()) {
        if (!allowed.contains(key)) {
          problems.add(
              (where.isEmpty() ? "" : where + ": ")
                  + "unknown key '"
                  + key
                  + "' (allowed: "
                  + new java.util.TreeSet<>(allowed)
                  + ")");
        }
      }
    }

    private JsonPath path(JsonNode node, String key, String where) {
      String text = text(node, key, where);
      if (text == null) {
        return null;
      }
      try {
        return JsonPath.parse(text);
      } catch (IllegalArgumentException e) {
        problems.add(where + "." + key + ": " + e.getMessage());
        return null;
      }
    }

    private String text(JsonNode node, String key, String where) {
      JsonNode v = node.get(key);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isValueNode()) {
        problems.add(where + "." + key + ": must be a scalar");
        return null;
      }
      return v.asString();
    }

    private Integer integer(JsonNode node, String key, String where) {
      JsonNode v = node.get(key);
      if (v == null || v.isNull()) {
        return null;
      }
      if (v.canConvertToInt() && v.isIntegralNumber()) {
        return v.asInt();
      }
      if (v.isString() && v.asString().matches("-?\\d+")) {
        return Integer.parseInt(v.asString());
      }
      problems.add(where + "." + key + ": must be an integer");
      return null;
    }

    private int intValue(JsonNode node, String key, String where, int fallback) {
      Integer v = integer(node, key, where);
      return v == null ? fallback : v;
    }

    private Duration duration(JsonNode node, String key, String where) {
      JsonNode v = node.get(key);
      if (v == null || v.isNull()) {
        return null;
      }
      if (v.isNumber()) {
        return Duration.ofMillis(Math.round(v.asDouble() * 1000));
      }
      try {
        return Duration.parse(v.asString());
      } catch (DateTimeParseException e) {
        try {
          java.time.Period period = java.time.Period.parse(v.asString());
          return Duration.ofDays(period.toTotalMonths() * 30 + period.getDays());
        } catch (DateTimeParseException e2) {
          problems.add(
              where + "." + key + ": not a duration (seconds or ISO-8601 such as PT1H or P30D)");
          return null;
        }
      }
    }

    private Map<String, String> stringMap(JsonNode node, String where) {
      Map<String, String> out = new LinkedHashMap<>();
      if (node == null || node.isNull()) {
        return out;
      }
      if (!node.isObject()) {
        problems.add(where + ": must be a mapping");
        return out;
      }
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (e.getValue().isNull()) {
          continue;
        }
        if (!e.getValue().isValueNode()) {
          problems.add(where + "." + e.getKey() + ": must be a scalar");
          continue;
        }
        out.put(e.getKey(), e.getValue().asString());
      }
      return out;
    }

    private List<String> stringList(JsonNode node, String where) {
      List<String> out = new ArrayList<>();
      if (node == null || node.isNull()) {
        return out;
      }
      if (node.isValueNode()) {
        out.add(node.asString());
        return out;
      }
      if (!node.isArray()) {
        problems.add(where + ": must be a name or a list of names");
        return out;
      }
      for (JsonNode v : node) {
        out.add(v.asString());
      }
      return out;
    }
  }
}
