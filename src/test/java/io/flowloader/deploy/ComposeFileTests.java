package io.flowloader.deploy;

import static io.flowloader.deploy.RenderedChart.at;
import static io.flowloader.deploy.RenderedChart.list;
import static io.flowloader.deploy.RenderedChart.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docker-compose stack is valid for docker-compose and yamllint, and wires what the README
 * promises: a healthy database before the loader, tenants on the simulator, secrets only from
 * {@code .env}, Prometheus scraping the loader, Grafana with our dashboard, ports on 127.0.0.1.
 */
class ComposeFileTests {

  static final Path COMPOSE = Repo.ROOT.resolve("docker-compose.yml");
  static final Path ENV_EXAMPLE = Repo.ROOT.resolve(".env.example");
  static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)");

  @TempDir Path dir;

  @Test
  void dockerComposeAcceptsTheFileWithTheEnvExample() {
    ExternalTool compose = ExternalTool.require("docker-compose", "docker-compose");
    ExternalTool.Result result =
        compose.run(
            Repo.ROOT,
            "--env-file",
            ENV_EXAMPLE.toString(),
            "-f",
            COMPOSE.toString(),
            "config",
            "-q");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void dockerComposeRefusesToStartWithoutTheSecrets() throws IOException {
    ExternalTool compose = ExternalTool.require("docker-compose", "docker-compose");
    Path empty = Files.writeString(dir.resolve("empty.env"), "# nothing\n");
    ExternalTool.Result result =
        compose.run(dir, "--env-file", empty.toString(), "-f", COMPOSE.toString(), "config", "-q");
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("POSTGRES_PASSWORD");
  }

  @Test
  void yamllintAcceptsComposeAndChartYaml() {
    ExternalTool yamllint = ExternalTool.require("yamllint", "yamllint");
    ExternalTool.Result result =
        yamllint.run(
            Repo.ROOT,
            "--strict",
            "-c",
            ".yamllint.yaml",
            "docker-compose.yml",
            "deploy",
            "helm/boomi-flow-loader/Chart.yaml",
            "helm/boomi-flow-loader/values.yaml",
            "helm/boomi-flow-loader/ci",
            "helm/boomi-flow-loader/files/prometheus-rules.yaml");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void stackIsWiredAsDocumented() {
    Map<String, Object> compose = map(RenderedChart.yaml().load(Repo.read(COMPOSE)));
    Map<String, Object> services = map(compose.get("services"));
    assertThat(services)
        .containsOnlyKeys("postgres", "simulator", "loader", "prometheus", "grafana");

    for (Map.Entry<String, Object> service : services.entrySet()) {
      for (Object port : list(map(service.getValue()).getOrDefault("ports", List.of()))) {
        assertThat((String) port).as("port of %s", service.getKey()).startsWith("127.0.0.1:");
      }
    }

    Map<String, Object> postgres = map(services.get("postgres"));
    assertThat(list(at(postgres, "healthcheck.test")).toString()).contains("pg_isready");
    assertThat(list(postgres.get("volumes"))).contains("pgdata:/var/lib/postgresql/data");
    assertThat(map(compose.get("volumes"))).containsKey("pgdata");

    Map<String, Object> loader = map(services.get("loader"));
    Map<String, Object> simulator = map(services.get("simulator"));
    assertThat(at(loader, "depends_on.postgres.condition")).isEqualTo("service_healthy");
    assertThat(simulator.get("image")).isEqualTo(loader.get("image"));
    assertThat(list(simulator.get("command"))).contains("--spring.profiles.active=simulator");
    for (Map<String, Object> app : List.of(loader, simulator)) {
      assertThat(app).containsEntry("read_only", true);
      assertThat(list(app.get("tmpfs"))).containsExactly("/tmp");
    }
    // Every value of the loader's environment that is a secret comes from .env.
    Map<String, Object> env = map(loader.get("environment"));
    for (String secret :
        List.of(
            "FLOWLOADER_DB_PASSWORD",
            "FLOWLOADER_API_TOKENS",
            "FLOWLOADER_API_READ_TOKENS",
            "ACME_BOOMI_API_KEY",
            "GLOBEX_BOOMI_API_KEY")) {
      assertThat((String) env.get(secret)).as(secret).startsWith("${");
    }
    assertThat(env.get("SPRING_CONFIG_ADDITIONAL_LOCATION"))
        .isEqualTo("file:/etc/flowloader/application-tenants.yaml");

    Map<String, Object> tenantsFile =
        map(
            RenderedChart.yaml()
                .load(Repo.read(Repo.ROOT.resolve("deploy/compose/application-tenants.yaml"))));
    List<Object> tenants = list(at(tenantsFile, "flowloader.tenants"));
    assertThat(tenants)
        .extracting(t -> map(t).get("tenant-id"))
        .containsExactly(
            "0f4e5c2a-1b3d-4e5f-8a9b-0c1d2e3f4a5b", "7c9e6679-7425-40de-944b-e07fc1f90ae7");
    assertThat(tenants)
        .allSatisfy(
            t -> {
              assertThat(map(t)).containsEntry("base-url", "http://simulator:8090");
              assertThat((String) map(t).get("api-key")).startsWith("${");
            });

    Map<String, Object> prometheus =
        map(
            RenderedChart.yaml()
                .load(Repo.read(Repo.ROOT.resolve("deploy/compose/prometheus.yml"))));
    Map<String, Object> scrape = map(list(prometheus.get("scrape_configs")).get(0));
    assertThat(scrape).containsEntry("metrics_path", "/actuator/prometheus");
    assertThat(list(map(list(scrape.get("static_configs")).get(0)).get("targets")))
        .containsExactly("loader:8081");
    assertThat(list(map(services.get("prometheus")).get("volumes")).toString())
        .contains("./helm/boomi-flow-loader/files/prometheus-rules.yaml");
    assertThat(list(map(services.get("grafana")).get("volumes")).toString())
        .contains(
            "./helm/boomi-flow-loader/files/dashboards:", "./deploy/compose/grafana/provisioning:");
  }

  @Test
  void envExampleDefinesEveryVariableTheStackUses() throws IOException {
    Set<String> used = new HashSet<>();
    for (Path file :
        List.of(COMPOSE, Repo.ROOT.resolve("deploy/compose/application-tenants.yaml"))) {
      Matcher m = VARIABLE.matcher(Repo.read(file));
      while (m.find()) {
        used.add(m.group(1));
      }
    }
    Set<String> defined = new HashSet<>();
    for (String line : Files.readAllLines(ENV_EXAMPLE)) {
      if (line.contains("=") && !line.startsWith("#")) {
        defined.add(line.substring(0, line.indexOf('=')));
      }
    }
    assertThat(defined).containsAll(used);
    // The example keys are the simulator's built-in demo keys, so `docker compose up` just works.
    assertThat(Repo.read(ENV_EXAMPLE))
        .contains("ACME_BOOMI_API_KEY=sim-acme-key-0000000000000000001")
        .contains("GLOBEX_BOOMI_API_KEY=sim-globex-key-00000000000000002");
  }
}
