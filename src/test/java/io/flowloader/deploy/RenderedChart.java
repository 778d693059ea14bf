package io.flowloader.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The chart rendered by the embedded Helm (`helm template`), parsed into Kubernetes objects. */
record RenderedChart(String text, List<Map<String, Object>> objects) {

  static final String RELEASE = "flow";
  static final String NAMESPACE = "etl";
  static final String FULLNAME = "flow-boomi-flow-loader";

  /** A current Kubernetes; helm template would otherwise assume 1.20, below the chart minimum. */
  static final String KUBE_VERSION = "1.31.0";

  /** Renders with an optional values file (null for the defaults) and --set pairs. */
  static RenderedChart render(Path valuesFile, Map<String, Object> sets) {
    return render(Repo.CHART, valuesFile, sets);
  }

  static RenderedChart render(Path chart, Path valuesFile, Map<String, Object> sets) {
    TemplateCommand template =
        new Helm(chart)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION);
    if (valuesFile != null) {
      template = template.withValuesFile(valuesFile);
    }
    for (Map.Entry<String, Object> set : sets.entrySet()) {
      template = template.set(set.getKey(), set.getValue());
    }
    String text = template.call();
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object doc : yaml().loadAll(text)) {
      if (doc != null) {
        objects.add(map(doc));
      }
    }
    return new RenderedChart(text, objects);
  }

  static Yaml yaml() {
    return new Yaml(new SafeConstructor(new LoaderOptions()));
  }

  List<Map<String, Object>> all(String kind) {
    return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
  }

  Map<String, Object> one(String kind) {
    List<Map<String, Object>> found = all(kind);
    assertThat(found).as("rendered %s objects", kind).hasSize(1);
    return found.get(0);
  }

  /** The text of every rendered object except Secrets: where secret values must never appear. */
  String nonSecretText() {
    return yaml().dumpAll(objects.stream().filter(o -> !"Secret".equals(o.get("kind"))).iterator());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    assertThat(value).isInstanceOf(List.class);
    return (List<Object>) value;
  }

  /** Follows a path of map keys; fails with the path when a step is missing. */
  static Object at(Map<String, Object> root, String dottedPath) {
    Object current = root;
    for (String key : dottedPath.split("\\.")) {
      assertThat(current).as("%s (at %s)", dottedPath, key).isInstanceOf(Map.class);
      current = map(current).get(key);
      assertThat(current).as("%s (missing %s)", dottedPath, key).isNotNull();
    }
    return Objects.requireNonNull(current);
  }
}
