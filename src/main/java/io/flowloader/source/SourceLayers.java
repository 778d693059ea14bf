package io.flowloader.source;

import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tree work before binding, as dlt does it: layering several documents (a later document's
 * {@code client} and {@code resource_defaults} keys and same-named resources merged over the
 * earlier ones), merging {@code resource_defaults} into each resource ({@code endpoint.params},
 * {@code endpoint.json}, {@code endpoint.headers} shallow-merged, everything else overridden), and
 * bringing each shorthand into its long form.
 */
final class SourceLayers {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Keys merged key by key rather than replaced. */
  private static final Set<String> SHALLOW = Set.of("params", "json", "headers");

  private SourceLayers() {}

  /** The documents layered in order, then {@code resource_defaults} merged into each resource. */
  static ObjectNode layered(List<ObjectNode> docs) {
    ObjectNode merged = NODES.objectNode();
    for (ObjectNode doc : docs) {
      for (Map.Entry<String, JsonNode> e : doc.properties()) {
        String key = e.getKey();
        JsonNode value = e.getValue();
        if (key.equals("resources")
            && merged.get(key) instanceof ArrayNode existing
            && value.isArray()) {
          value.forEach(r -> mergeResource(existing, asResource(r)));
        } else if ((key.equals("client") || key.equals("resource_defaults"))
            && merged.get(key) instanceof ObjectNode existing
            && value.isObject()) {
          merged.set(key, merge(existing, (ObjectNode) value));
        } else {
          merged.set(key, value.deepCopy());
        }
      }
    }
    if (merged.get("resources") instanceof ArrayNode resources) {
      JsonNode defaults = merged.get("resource_defaults");
      for (int i = 0; i < resources.size(); i++) {
        JsonNode r = asResource(resources.get(i));
        resources.set(
            i, defaults instanceof ObjectNode d && r.isObject() ? merge(d, (ObjectNode) r) : r);
      }
      if (defaults instanceof ObjectNode) {
        merged.remove("resource_defaults"); // checked as part of every resource
      }
    }
    return merged;
  }

  private static void mergeResource(ArrayNode resources, JsonNode override) {
    String name = override.path("name").asString(null);
    boolean merged = false;
    for (int i = 0; i < resources.size(); i++) {
      JsonNode r = asResource(resources.get(i));
      if (name != null && r.isObject() && name.equals(r.path("name").asString(null))) {
        resources.set(i, merge((ObjectNode) r, (ObjectNode) override));
        merged = true;
      }
    }
    if (!merged) {
      resources.add(override);
    }
  }

  /** dlt's merge: top keys overridden; endpoint merged with params/json/headers shallow-merged. */
  static ObjectNode merge(ObjectNode base, ObjectNode over) {
    ObjectNode out = base.deepCopy();
    for (Map.Entry<String, JsonNode> e : over.properties()) {
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (key.equals("endpoint")
          && out.get(key) instanceof ObjectNode endpoint
          && (value.isObject() || value.isString())) {
        out.set(
            key,
            merge(
                endpoint,
                value.isString()
                    ? NODES.objectNode().put("path", value.asString())
                    : (ObjectNode) value));
      } else if (SHALLOW.contains(key)
          && out.get(key) instanceof ObjectNode inner
          && value.isObject()) {
        ObjectNode combined = inner.deepCopy();
        combined.setAll((ObjectNode) value.deepCopy());
        out.set(key, combined);
      } else {
        out.set(key, value.deepCopy());
      }
    }
    return out;
  }

  /** dlt allows a resource to be just its name (the path), and an endpoint to be just a path. */
  private static JsonNode asResource(JsonNode node) {
    if (node.isString()) {
      ObjectNode o = NODES.objectNode().put("name", node.asString());
      o.putObject("endpoint").put("path", node.asString());
      return o;
    }
    if (node.isObject() && node.get("endpoint") != null && node.get("endpoint").isString()) {
      ObjectNode o = ((ObjectNode) node).deepCopy();
      o.putObject("endpoint").put("path", node.get("endpoint").asString());
      return o;
    }
    return node.deepCopy();
  }

  /**
   * Every shorthand of a schema-checked tree in its long form, for binding to {@link SourceYaml}.
   */
  static void longForms(ObjectNode root) {
    root.set("schema_contract", contract(root.get("schema_contract")));
    paginator(root.get("client"));
    if (!(root.get("resources") instanceof ArrayNode resources)) {
      return;
    }
    for (JsonNode r : resources) {
      if (!(r instanceof ObjectNode resource)) {
        continue;
      }
      if (!resource.has("endpoint") && resource.has("name")) {
        resource.putObject("endpoint").put("path", resource.get("name").asString());
      }
      paginator(resource.get("endpoint"));
      JsonNode wd = resource.get("write_disposition");
      if (wd != null && wd.isString()) {
        resource.putObject("write_disposition").put("disposition", wd.asString());
      }
      resource.set("schema_contract", contract(resource.get("schema_contract")));
      resource.set("columns", columns(resource.get("columns")));
      resource.set("nested_hints", nested(resource.get("nested_hints")));
    }
  }

  private static void paginator(JsonNode owner) {
    JsonNode p = owner == null ? null : owner.get("paginator");
    if (owner instanceof ObjectNode o && p != null && p.isString()) {
      o.putObject("paginator").put("type", p.asString());
    }
  }

  private static JsonNode contract(JsonNode node) {
    if (node == null || !node.isString()) {
      return node;
    }
    String mode = node.asString();
    return NODES.objectNode().put("tables", mode).put("columns", mode).put("data_type", mode);
  }

  /** A mapping of name to hint as the list of hints with their names. */
  private static JsonNode columns(JsonNode node) {
    if (!(node instanceof ObjectNode byName)) {
      return node;
    }
    ArrayNode list = NODES.arrayNode();
    for (Map.Entry<String, JsonNode> e : byName.properties()) {
      ObjectNode hint = e.getValue() instanceof ObjectNode o ? o.deepCopy() : NODES.objectNode();
      hint.put("name", e.getKey());
      list.add(hint);
    }
    return list;
  }

  /** Nested hints as a list of {path: [...], columns: [...], where}. */
  private static JsonNode nested(JsonNode node) {
    if (node == null || node.isNull()) {
      return node;
    }
    ArrayNode list = NODES.arrayNode();
    if (node instanceof ObjectNode byPath) {
      for (Map.Entry<String, JsonNode> e : byPath.properties()) {
        ObjectNode entry = NODES.objectNode();
        entry.putArray("path").add(e.getKey());
        entry.set("columns", columns(e.getValue().get("columns")));
        entry.put("where", "nested_hints." + e.getKey());
        list.add(entry);
      }
    } else {
      int i = 0;
      for (JsonNode item : node) {
        String where = "nested_hints[" + i++ + "]";
        if (!(item instanceof ObjectNode o) || o.get("path") == null) {
          continue;
        }
        ObjectNode entry = NODES.objectNode();
        JsonNode path = o.get("path");
        entry.set("path", path.isString() ? NODES.arrayNode().add(path.asString()) : path);
        entry.set("columns", columns(o.get("columns")));
        entry.put("where", where);
        list.add(entry);
      }
    }
    return list;
  }
}
