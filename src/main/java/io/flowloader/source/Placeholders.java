package io.flowloader.source;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {namespace.path}} placeholders in definition strings: {@code {tenant.api_key}}, {@code
 * {tenant.tenant_id}}, {@code {tenant.name}}, {@code {tenant.base_url}}, {@code
 * {resources.<parent>.<field path>}}, {@code {incremental.start_value}} and {@code
 * {incremental.end_value}}. Text in braces that does not look like {@code {word.path}} (JSON, for
 * example) is left alone.
 */
public final class Placeholders {

  static final Pattern PATTERN = Pattern.compile("\\{([A-Za-z_]+)\\.([A-Za-z0-9_.$@\\-]+)\\}");

  /** Namespaces a definition may use. */
  public static final List<String> NAMESPACES = List.of("tenant", "resources", "incremental");

  /** Names allowed after {@code tenant.}. */
  public static final List<String> TENANT_FIELDS =
      List.of("api_key", "tenant_id", "name", "base_url");

  /** Names allowed after {@code incremental.}. */
  public static final List<String> INCREMENTAL_FIELDS = List.of("start_value", "end_value");

  private Placeholders() {}

  /** One placeholder occurrence: {@code {namespace.path}}. */
  public record Placeholder(String namespace, String path) {

    /** For {@code resources}: the parent resource name (first path segment). */
    public String parentResource() {
      int dot = path.indexOf('.');
      return dot < 0 ? path : path.substring(0, dot);
    }

    /** For {@code resources}: the field path inside the parent record. */
    public String parentField() {
      int dot = path.indexOf('.');
      return dot < 0 ? "" : path.substring(dot + 1);
    }

    @Override
    public String toString() {
      return "{" + namespace + "." + path + "}";
    }
  }

  /** Every placeholder in {@code text}, in order. */
  public static List<Placeholder> find(String text) {
    List<Placeholder> found = new ArrayList<>();
    if (text == null) {
      return found;
    }
    Matcher m = PATTERN.matcher(text);
    while (m.find()) {
      found.add(new Placeholder(m.group(1), m.group(2)));
    }
    return found;
  }

  /**
   * Replaces every placeholder by {@code values.apply(p)}, passed through {@code encoder}. Returns
   * null when the whole template is one placeholder whose value is null (the caller then omits the
   * parameter); a null value inside a longer string is an error.
   */
  public static String resolve(
      String template, Function<Placeholder, String> values, UnaryOperator<String> encoder) {
    if (template == null) {
      return null;
    }
    Matcher m = PATTERN.matcher(template);
    StringBuilder out = new StringBuilder();
    boolean any = false;
    while (m.find()) {
      any = true;
      Placeholder p = new Placeholder(m.group(1), m.group(2));
      String value = values.apply(p);
      if (value == null) {
        if (m.start() == 0 && m.end() == template.length()) {
          return null;
        }
        throw new IllegalStateException("placeholder " + p + " has no value");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(encoder.apply(value)));
    }
    if (!any) {
      return template;
    }
    m.appendTail(out);
    return out.toString();
  }
}
