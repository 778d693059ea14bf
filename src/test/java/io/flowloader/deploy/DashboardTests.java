package io.flowloader.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard is well-formed for provisioning and the sidecar: unique panel ids, a grid
 * that fits, every query on the selectable Prometheus data source and filtered by job.
 */
class DashboardTests {

  final JsonNode dashboard = JsonMapper.builder().build().readTree(Repo.read(Repo.DASHBOARD));

  @Test
  void panelsAreUniqueAndFitTheGrid() {
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.get("panels")) {
      assertThat(ids.add(panel.get("id").asInt())).as("unique id %s", panel.get("id")).isTrue();
      JsonNode grid = panel.get("gridPos");
      assertThat(grid.get("x").asInt() + grid.get("w").asInt()).isLessThanOrEqualTo(24);
      assertThat(panel.get("title").asString()).isNotBlank();
    }
    assertThat(dashboard.get("uid").asString()).isEqualTo("boomi-flow-loader");
  }

  @Test
  void everyQueryUsesTheDataSourceVariableAndTheJobFilter() {
    JsonNode variables = dashboard.get("templating").get("list");
    assertThat(variables.get(0).get("type").asString()).isEqualTo("datasource");
    assertThat(variables.get(0).get("query").asString()).isEqualTo("prometheus");
    int queries = 0;
    for (JsonNode panel : dashboard.get("panels")) {
      if ("row".equals(panel.get("type").asString())) {
        continue;
      }
      assertThat(panel.get("datasource").get("uid").asString()).isEqualTo("${datasource}");
      for (JsonNode target : panel.get("targets")) {
        queries++;
        assertThat(target.get("refId").asString()).isNotBlank();
        assertThat(target.get("expr").asString()).contains("job=~\"$job\"");
      }
    }
    assertThat(queries).isGreaterThanOrEqualTo(15);
  }
}
