package io.flowloader.source;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The declarative part of validating a source definition: its JSON Schema ({@value #LOCATION}, also
 * published as {@code docs/source-definition.schema.json} for editors). Each schema error becomes
 * one {@code "<yaml path>: <problem>"} line, worded by the schema's {@code x-message} annotations,
 * and the offending value is removed so that binding and the cross-field rules see only valid
 * values.
 */
final class SourceSchema {

  static final String LOCATION = "sources/source-definition.schema.json";

  private static final JsonNode SCHEMA_TREE = readSchema();
  private static final Schema SCHEMA =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(SCHEMA_TREE);

  /** How a message names a JSON type. */
  private static final Map<String, String> TYPES =
      Map.of(
          "string",
          "a string",
          "integer",
          "an integer",
          "boolean",
          "true or false",
          "object",
          "a mapping",
          "array",
          "a list");

  private SourceSchema() {}

  /** Validates {@code root} (a layered document); returns the problems and prunes bad values. */
  static List<String> validate(ObjectNode root) {
    List<String> problems = new ArrayList<>();
    List<Runnable> prunes = new ArrayList<>();
    for (Error e : SCHEMA.validate(root)) {
      NodePath at = e.getInstanceLocation();
      String keyword = e.getKeyword();
      if (keyword.equals("required")) {
        problems.add(join(where(root, at), e.getProperty()) + ": " + message(e, "required"));
        prunes.add(() -> remove(root, at)); // an incomplete mapping is no mapping
      } else if (keyword.equals("additionalProperties")
          || keyword.equals("unevaluatedProperties")) {
        problems.add(
            prefix(where(root, at)) + "unknown key '" + e.getProperty() + "'" + allowed(e));
        prunes.add(() -> remove(root, at.append(e.getProperty())));
      } else {
        problems.add(where(root, at) + ": " + describe(e));
        prunes.add(() -> remove(root, at));
      }
    }
    prunes.forEach(Runnable::run);
    return problems.stream().distinct().toList();
  }

  /** The schema's wording for a failed keyword, with the offending value where it helps. */
  private static String describe(Error e) {
    JsonNode value = e.getInstanceNode();
    String got = value != null && value.isValueNode() ? ", got " + value.asString() : "";
    return switch (e.getKeyword()) {
      case "type" ->
          message(
                  e,
                  "must be "
                      + TYPES.getOrDefault(owner(e).path("type").asString(""), "of another type"))
              + got;
      case "enum", "const", "minimum" -> message(e, e.getMessage()) + got;
      default -> message(e, e.getMessage());
    };
  }

  /** The keys the failed mapping allows, as {@code " (allowed: [a, b])"}. */
  private static String allowed(Error e) {
    TreeSet<String> keys = new TreeSet<>();
    owner(e).path("properties").propertyNames().forEach(keys::add);
    return keys.isEmpty() ? "" : " (allowed: " + keys + ")";
  }

  /** {@code x-message-<keyword>}, else {@code x-message} (not for required), else the fallback. */
  private static String message(Error e, String fallback) {
    JsonNode owner = owner(e);
    JsonNode specific = owner.get("x-message-" + e.getKeyword());
    if (specific != null) {
      return specific.asString();
    }
    JsonNode general = owner.get("x-message");
    return general != null && !e.getKeyword().equals("required") ? general.asString() : fallback;
  }

  /** The schema object holding the failed keyword (its location minus the keyword). */
  private static JsonNode owner(Error e) {
    NodePath fragment = e.getSchemaLocation().getFragment();
    JsonNode node = SCHEMA_TREE;
    for (int i = 0; i < fragment.getNameCount() - 1; i++) {
      Object element = fragment.getElement(i);
      node = element instanceof Integer index ? node.path(index) : node.path(element.toString());
    }
    return node;
  }

  /** A YAML path as the messages write it: {@code resources[2] (states).endpoint.path}. */
  static String where(JsonNode root, NodePath path) {
    StringBuilder out = new StringBuilder();
    JsonNode node = root;
    for (int i = 0; i < path.getNameCount(); i++) {
      Object element = path.getElement(i);
      if (element instanceof Integer index) {
        out.append('[').append(index).append(']');
        node = node == null ? null : node.get(index);
        String name = node == null ? null : node.path("name").asString(null);
        if (i == 1 && "resources".equals(path.getElement(0)) && name != null) {
          out.append(" (").append(name).append(')');
        }
      } else {
        out.append(out.isEmpty() ? "" : ".").append(element);
        node = node == null ? null : node.get(element.toString());
      }
    }
    return out.toString();
  }

  private static String join(String where, String key) {
    return where.isEmpty() ? key : where + "." + key;
  }

  private static String prefix(String where) {
    return where.isEmpty() ? "" : where + ": ";
  }

  private static void remove(JsonNode root, NodePath path) {
    if (path.getNameCount() == 0) {
      return;
    }
    JsonNode parent = root;
    for (int i = 0; i < path.getNameCount() - 1 && parent != null; i++) {
      Object element = path.getElement(i);
      parent =
          element instanceof Integer index ? parent.get(index) : parent.get(element.toString());
    }
    Object last = path.getElement(path.getNameCount() - 1);
    if (parent instanceof ObjectNode object) {
      object.remove(last.toString());
    } else if (parent instanceof ArrayNode array && last instanceof Integer index) {
      if (path.getNameCount() == 2) {
        array.set(index, array.nullNode()); // a resource: keep the later ones' indexes
      } else {
        remove(root, path.getParent()); // a list with a bad item is dropped whole
      }
    }
  }

  private static JsonNode readSchema() {
    try (InputStream in = SourceSchema.class.getClassLoader().getResourceAsStream(LOCATION)) {
      if (in == null) {
        throw new IllegalStateException(LOCATION + " is missing from the classpath");
      }
      return JsonMapper.builder().build().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
