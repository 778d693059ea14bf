package io.flowloader.deploy;

import static io.flowloader.deploy.RenderedChart.list;
import static io.flowloader.deploy.RenderedChart.map;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metric names of {@code deploy/metrics.md} by section, and the metric names that the dashboard
 * and the alert rules query, so tests can hold one against the other.
 */
final class MetricsContract {

  static final String SERVICE = "Exported by the service";
  static final String MICROMETER = "Standard Micrometer meters";
  static final String EXTERNAL = "From Prometheus and kube-state-metrics";

  private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-zA-Z_:][a-zA-Z0-9_:]*)`\\s*\\|");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "inf",
          "nan");

  private MetricsContract() {}

  /** Section heading (without "## ") to the names listed in its table. */
  static Map<String, Set<String>> sections() {
    Map<String, Set<String>> sections = new LinkedHashMap<>();
    Set<String> current = null;
    for (String line : Repo.read(Repo.METRICS_CONTRACT).lines().toList()) {
      if (line.startsWith("## ")) {
        String heading = line.substring(3).trim();
        current = new TreeSet<>();
        sections.put(heading.replaceAll("\\s*\\(.*\\)$", ""), current);
      }
      Matcher row = ROW.matcher(line);
      if (row.find() && current != null) {
        current.add(row.group(1));
      }
    }
    return sections;
  }

  static Set<String> allListed() {
    Set<String> all = new TreeSet<>();
    sections().values().forEach(all::addAll);
    return all;
  }

  /**
   * Metric names in a PromQL expression: identifiers that are not functions, labels or keywords.
   */
  static Set<String> metricNames(String promql) {
    String s = promql.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
    s = s.replaceAll("\\{[^}]*}", " ");
    s = s.replaceAll("\\[[^]]*]", " ");
    s = s.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(s);
    while (m.find()) {
      String name = m.group();
      boolean partOfNumber = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
      boolean function = s.substring(m.end()).stripLeading().startsWith("(");
      if (!partOfNumber && !function && !KEYWORDS.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  /** Every metric name the Grafana dashboard queries (panels and template variables). */
  static Set<String> dashboardNames() {
    JsonNode dashboard = JsonMapper.builder().build().readTree(Repo.read(Repo.DASHBOARD));
    Set<String> names = new TreeSet<>();
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.path("targets")) {
        names.addAll(metricNames(target.get("expr").asString()));
      }
    }
    Pattern labelValues = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      Matcher m = labelValues.matcher(variable.path("definition").asString(""));
      if (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** Every alert expression of the chart's PrometheusRule (all rules on) and the compose rules. */
  static List<String> alertExpressions() {
    List<String> exprs = new ArrayList<>();
    RenderedChart chart = RenderedChart.render(null, Map.of("prometheusRule.enabled", true));
    for (Object group : list(RenderedChart.at(chart.one("PrometheusRule"), "spec.groups"))) {
      list(map(group).get("rules")).forEach(r -> exprs.add((String) map(r).get("expr")));
    }
    Map<String, Object> compose = map(RenderedChart.yaml().load(Repo.read(Repo.COMPOSE_RULES)));
    for (Object group : list(compose.get("groups"))) {
      list(map(group).get("rules")).forEach(r -> exprs.add((String) map(r).get("expr")));
    }
    return exprs;
  }

  static Set<String> alertNames() {
    Set<String> names = new TreeSet<>();
    alertExpressions().forEach(e -> names.addAll(metricNames(e)));
    return names;
  }
}
