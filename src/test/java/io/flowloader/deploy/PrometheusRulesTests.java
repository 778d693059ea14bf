package io.flowloader.deploy;

import static io.flowloader.deploy.RenderedChart.at;
import static io.flowloader.deploy.RenderedChart.list;
import static io.flowloader.deploy.RenderedChart.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules are valid for Prometheus ({@code promtool check rules}) as the chart renders them
 * and as docker-compose loads them, and they fire when they should ({@code promtool test rules} on
 * synthetic series).
 */
class PrometheusRulesTests {

  @TempDir Path dir;

  @Test
  void renderedPrometheusRulePassesPromtool() throws IOException {
    ExternalTool promtool = ExternalTool.require("promtool", "prometheus");
    Path rules = writeRenderedRules(false);
    ExternalTool.Result result = promtool.run(dir, "check", "rules", rules.toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
    // Six tenant rules (one disabled in this scenario) and the two pod rules.
    assertThat(result.output()).contains("SUCCESS: 7 rules found");
  }

  @Test
  void composeRuleFilesPassPromtool() {
    ExternalTool promtool = ExternalTool.require("promtool", "prometheus");
    ExternalTool.Result result =
        promtool.run(
            Repo.ROOT,
            "check",
            "rules",
            Repo.ALERT_RULES.toString(),
            Repo.COMPOSE_RULES.toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
    ExternalTool.Result config =
        promtool.run(
            Repo.ROOT, "check", "config", "--syntax-only", "deploy/compose/prometheus.yml");
    assertThat(config.exitCode()).as(config.output()).isZero();
  }

  @Test
  void alertsFireOnSyntheticSeries() throws IOException {
    ExternalTool promtool = ExternalTool.require("promtool", "prometheus");
    writeRenderedRules(true);
    Path tests = dir.resolve("alert-rules-test.yaml");
    try (InputStream in = getClass().getResourceAsStream("/deploy/alert-rules-test.yaml")) {
      Files.copy(in, tests);
    }
    ExternalTool.Result result = promtool.run(dir, "test", "rules", tests.toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  /** The rule groups of the chart's PrometheusRule, as a Prometheus rule file. */
  private Path writeRenderedRules(boolean withoutAnnotations) throws IOException {
    RenderedChart chart =
        RenderedChart.render(Repo.CHART.resolve("ci/tenants-values.yaml"), Map.of());
    List<Object> groups = list(at(chart.one("PrometheusRule"), "spec.groups"));
    if (withoutAnnotations) {
      groups.forEach(g -> list(map(g).get("rules")).forEach(r -> map(r).remove("annotations")));
    }
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, RenderedChart.yaml().dump(Map.of("groups", groups)));
    return rules;
  }
}
