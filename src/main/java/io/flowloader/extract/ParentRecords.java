package io.flowloader.extract;

import io.flowloader.source.IncrementalConfig;
import io.flowloader.source.JsonPath;
import io.flowloader.source.ResourceDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Keeps, per record of a parent resource, only the fields its children use: their request
 * placeholders, {@code include_from_parent} and {@code parent_version_path}.
 */
final class ParentRecords {

  /** The fields one parent record gives its children, by JSON path. */
  record Ref(Map<String, JsonNode> fields) {}

  /** The key of a {@code parent_version_path} field in {@link Ref#fields()}. */
  static String versionKey(JsonPath path) {
    return "version:" + path.expression();
  }

  private final List<String> keys = new ArrayList<>();
  private final List<JsonPath> paths = new ArrayList<>();
  private final List<Ref> refs = Collections.synchronizedList(new ArrayList<>());

  ParentRecords(List<ResourceDefinition> children) {
    Set<String> all = new LinkedHashSet<>();
    Map<String, JsonPath> versions = new HashMap<>();
    for (ResourceDefinition child : children) {
      all.addAll(RequestBuilder.parentFields(child));
      all.addAll(child.includeFromParent());
      IncrementalConfig inc = child.endpoint().incremental();
      if (inc != null && inc.parentVersionPath() != null) {
        String key = versionKey(inc.parentVersionPath());
        all.add(key);
        versions.put(key, inc.parentVersionPath());
      }
    }
    for (String key : all) {
      keys.add(key);
      paths.add(versions.containsKey(key) ? versions.get(key) : JsonPath.parse(key));
    }
  }

  /** Keeps what the children need of {@code record}. */
  void collect(JsonNode record) {
    Map<String, JsonNode> fields = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      JsonNode v = paths.get(i).select(record);
      if (v != null) {
        fields.put(keys.get(i), v);
      }
    }
    refs.add(new Ref(fields));
  }

  /** The parent records collected so far, in order. */
  List<Ref> refs() {
    return refs;
  }
}
