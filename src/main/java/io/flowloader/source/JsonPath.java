package io.flowloader.source;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The JSONPath subset that source definitions use for {@code data_selector}, {@code cursor_path},
 * {@code total_path} and friends: a root ({@code $}, optional), then field steps written as {@code
 * .name} or {@code ['name']}, and an optional trailing {@code [*]} ("each element"). That is what
 * dlt's REST configs use in practice; filters, recursive descent and indexes are rejected at
 * start-up rather than silently mis-evaluated, and the subset can be evaluated on a token stream.
 */
public record JsonPath(String expression, List<String> fields, boolean eachElement) {

  private static final Pattern BRACKET = Pattern.compile("\\['([^']+)'\\]|\\[\"([^\"]+)\"\\]");

  public JsonPath {
    fields = List.copyOf(fields);
  }

  /** Parses an expression, throwing {@link IllegalArgumentException} naming what is wrong. */
  public static JsonPath parse(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("empty JSONPath");
    }
    String rest = expression.trim();
    if (rest.startsWith("$")) {
      rest = rest.substring(1);
    } else {
      rest = "." + rest;
    }
    boolean each = false;
    if (rest.endsWith("[*]")) {
      each = true;
      rest = rest.substring(0, rest.length() - 3);
    }
    List<String> fields = new ArrayList<>();
    int i = 0;
    while (i < rest.length()) {
      char c = rest.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < rest.length() && rest.charAt(end) != '.' && rest.charAt(end) != '[') {
          end++;
        }
        String name = rest.substring(i + 1, end);
        if (name.isEmpty()) {
          throw new IllegalArgumentException(
              "bad JSONPath '" + expression + "': empty step (recursive descent is not supported)");
        }
        if (name.equals("*")) {
          throw new IllegalArgumentException(
              "bad JSONPath '" + expression + "': wildcards are only supported as a final [*]");
        }
        if (!name.matches("[A-Za-z0-9_@$\\-]+")) {
          throw new IllegalArgumentException(
              "bad JSONPath '" + expression + "': unexpected characters in '" + name + "'");
        }
        fields.add(name);
        i = end;
      } else if (c == '[') {
        Matcher m = BRACKET.matcher(rest);
        if (!m.find(i) || m.start() != i) {
          throw new IllegalArgumentException(
              "bad JSONPath '"
                  + expression
                  + "': only ['name'] and a final [*] are supported in brackets");
        }
        fields.add(m.group(1) != null ? m.group(1) : m.group(2));
        i = m.end();
      } else {
        throw new IllegalArgumentException(
            "bad JSONPath '" + expression + "': unexpected '" + c + "' at " + i);
      }
    }
    return new JsonPath(expression, fields, each);
  }

  /** True for {@code $} and {@code $[*]}: the selection is the document itself. */
  public boolean isRoot() {
    return fields.isEmpty();
  }

  /** The node this path points at (ignoring a trailing {@code [*]}), or null when absent. */
  public JsonNode select(JsonNode root) {
    JsonNode node = root;
    for (String field : fields) {
      if (node == null || !node.isObject()) {
        return null;
      }
      node = node.get(field);
    }
    return node == null || node.isMissingNode() ? null : node;
  }

  /** The selected value as text (numbers and booleans as their JSON text), or null. */
  public String selectText(JsonNode root) {
    JsonNode node = select(root);
    if (node == null || node.isNull()) {
      return null;
    }
    return node.isValueNode() ? node.asString() : node.toString();
  }

  @Override
  public String toString() {
    return expression;
  }
}
